package dev.skein.routing.http;

/**
 * A service's answer to one POST.
 *
 * @param status the HTTP status
 * @param body the body's bytes, empty when none
 */
public record HttpAnswer(int status, byte[] body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
