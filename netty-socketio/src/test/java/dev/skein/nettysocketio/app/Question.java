package dev.skein.nettysocketio.app;

/** What the server asks a client, which answers with an {@link Answer} in its acknowledgement. */
public class Question {
    private String text;

    public Question() {}

    public Question(String text) {
        this.text = text;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }
}
