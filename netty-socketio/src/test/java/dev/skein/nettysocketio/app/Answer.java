package dev.skein.nettysocketio.app;

/** A client's answer to a {@link Question}. */
public class Answer {
    private String text;

    public Answer() {}

    public Answer(String text) {
        this.text = text;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }
}
