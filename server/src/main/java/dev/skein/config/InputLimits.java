package dev.skein.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what a client sends, besides the payload size: how a packet's JSON may nest, how many binary
 * attachments one packet may announce, and how long an HTTP request may take to arrive. Immutable,
 * validated when built.
 *
 * @param maxJsonDepth how deeply arrays and objects may nest in a packet's JSON, the event's own array
 *     counting as one; default {@value #DEFAULT_MAX_JSON_DEPTH}, at most {@value #MAX_JSON_DEPTH_LIMIT}
 * @param maxAttachments binary attachments one packet may announce; default {@value #DEFAULT_MAX_ATTACHMENTS}
 *     (the official parser's cap), at most {@value #MAX_ATTACHMENTS_LIMIT}
 * @param httpRequestTimeout how long an HTTP request's headers and body may take from its first byte, and how
 *     long a connection may stay open without one (a new connection, or a keep-alive one between requests);
 *     a long-poll waiting for its answer is not counted. Default 30 s
 */
public record InputLimits(int maxJsonDepth, int maxAttachments, Duration httpRequestTimeout) {
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_JSON_DEPTH_LIMIT = 1000;
    static final int MAX_ATTACHMENTS_LIMIT = 1000;

    /** The defaults. */
    public static final InputLimits DEFAULT =
            new InputLimits(DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_ATTACHMENTS, DEFAULT_HTTP_REQUEST_TIMEOUT);

    public InputLimits {
        if (maxJsonDepth < 1 || maxJsonDepth > MAX_JSON_DEPTH_LIMIT) {
            throw ConfigException.invalid("maxJsonDepth", maxJsonDepth, "1.." + MAX_JSON_DEPTH_LIMIT);
        }
        if (maxAttachments < 0 || maxAttachments > MAX_ATTACHMENTS_LIMIT) {
            throw ConfigException.invalid("maxAttachments", maxAttachments, "0.." + MAX_ATTACHMENTS_LIMIT);
        }
        Objects.requireNonNull(httpRequestTimeout, "httpRequestTimeout");
        if (httpRequestTimeout.isZero() || httpRequestTimeout.isNegative()) {
            throw ConfigException.invalid("httpRequestTimeout", httpRequestTimeout.toMillis() + " ms", "> 0 ms");
        }
    }

    public InputLimits withMaxJsonDepth(int depth) {
        return new InputLimits(depth, maxAttachments, httpRequestTimeout);
    }

    public InputLimits withMaxAttachments(int count) {
        return new InputLimits(maxJsonDepth, count, httpRequestTimeout);
    }

    public InputLimits withHttpRequestTimeout(Duration timeout) {
        return new InputLimits(maxJsonDepth, maxAttachments, timeout);
    }
}
