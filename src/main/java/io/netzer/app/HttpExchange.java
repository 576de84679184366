package io.netzer.app;

/**
 * One HTTP/1.x request and the final response to it, as Zeek's http.log and Packetbeat pair them: the request's
 * fields are copied out of the reused {@link HttpRequest} when its head completes (so the exchange can wait for
 * its response while the stream goes on), the response's when its head completes. Either side may be missing: a
 * request the flow ended without answering, or a response whose request was not seen. Made once per message, at
 * the moment an event is due: it allocates.
 */
public final class HttpExchange {
    private final boolean hasRequest;
    private final String method;
    private final String target;
    private final String path;
    private final String query;
    private final String host;
    private final String userAgent;
    private final int requestVersionMinor;
    private final long requestBodyBytes;
    private final Malformation requestMalformation;
    private final long requestNanos;
    private boolean hasResponse;
    private int statusCode;
    private String reason;
    private int responseVersionMinor;
    private String mimeType;
    private long responseBodyBytes = -1;
    private String server;
    private Malformation responseMalformation = Malformation.NONE;

    private HttpExchange(HttpRequest request, long requestNanos) {
        this.hasRequest = request != null;
        this.method = hasRequest ? request.method() : null;
        this.target = hasRequest ? request.target() : null;
        this.path = hasRequest ? request.path() : null;
        this.query = hasRequest ? request.query() : null;
        this.host = hasRequest ? request.host() : null;
        this.userAgent = hasRequest ? request.userAgent() : null;
        this.requestVersionMinor = hasRequest ? request.versionMinor() : -1;
        this.requestBodyBytes = hasRequest && !request.chunked() ? request.contentLength() : -1;
        this.requestMalformation = hasRequest ? request.malformation() : Malformation.NONE;
        this.requestNanos = requestNanos;
    }

    /** An exchange of the request just parsed into {@code request}, sent at {@code nanos}, not answered yet. */
    public static HttpExchange request(HttpRequest request, long nanos) {
        return new HttpExchange(request, nanos);
    }

    /** An exchange of a response whose request was not seen. */
    public static HttpExchange responseOnly(HttpResponse response) {
        HttpExchange exchange = new HttpExchange(null, -1);
        exchange.answer(response);
        return exchange;
    }

    /** Adds the final response just parsed into {@code response}. */
    public void answer(HttpResponse response) {
        hasResponse = true;
        statusCode = response.statusCode();
        reason = response.reason();
        responseVersionMinor = response.versionMinor();
        mimeType = response.mimeType();
        responseBodyBytes = response.chunked() ? -1 : response.contentLength();
        server = response.server();
        responseMalformation = response.malformation();
    }

    /** True when the request was seen. */
    public boolean hasRequest() {
        return hasRequest;
    }

    /** True when the response was seen. */
    public boolean hasResponse() {
        return hasResponse;
    }

    /** The method, or null without request. */
    public String method() {
        return method;
    }

    /** The request target as sent, or null without request. */
    public String target() {
        return target;
    }

    /** The target up to its {@code ?}, or null without request. */
    public String path() {
        return path;
    }

    /** The query after the {@code ?}, or null without one. */
    public String query() {
        return query;
    }

    /** The Host header, or null. */
    public String host() {
        return host;
    }

    /** The User-Agent header, or null. */
    public String userAgent() {
        return userAgent;
    }

    /** True when the method is CONNECT (the target is then {@code host:port}). */
    public boolean isConnect() {
        return "CONNECT".equals(method);
    }

    /** True when the method is HEAD: the response has no body (RFC 9110 section 9.3.2). */
    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /**
     * The HTTP version as ECS writes it ({@code 1.1}): the response's when there is one, else the request's.
     */
    public String version() {
        return "1." + (hasResponse ? responseVersionMinor : requestVersionMinor);
    }

    /** Content-Length of the request's body, or -1 when absent or chunked. */
    public long requestBodyBytes() {
        return requestBodyBytes;
    }

    /** The request's framing flaw, or NONE. */
    public Malformation requestMalformation() {
        return requestMalformation;
    }

    /** When the request's head completed (packet time, nanoseconds), or -1 without request. */
    public long requestNanos() {
        return requestNanos;
    }

    /** The status code, or 0 without response. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase, or null without response. */
    public String reason() {
        return reason;
    }

    /** The response's media type (lower case, without parameters), or null. */
    public String mimeType() {
        return mimeType;
    }

    /** Content-Length of the response's body, or -1 when absent, chunked, or without response. */
    public long responseBodyBytes() {
        return responseBodyBytes;
    }

    /** The Server header, or null. */
    public String server() {
        return server;
    }

    /** The response's framing flaw, or NONE. */
    public Malformation responseMalformation() {
        return responseMalformation;
    }
}
