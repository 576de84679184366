package io.netzer.app;

/**
 * One TLS handshake as a {@code netzer.tls} event reports it: the ClientHello, the server's answer when it was
 * seen (ServerHello, certificate in clear), whether the handshake got as far as established, and the fingerprints.
 * The inspector keeps one per handshake waiting for the server (a pooled, reused instance that owns its hello), or
 * wraps the parser's hello when the event is written at once (a full pool). Valid during the event call only.
 */
public final class TlsHandshake {
    private static final int TLS_1_3 = 0x0304;

    private final ClientHello client;
    private final ServerHello server = new ServerHello();
    private boolean quic;
    private boolean clientChangeCipherSpec;
    private boolean serverChangeCipherSpec;
    private boolean serverEncrypted;
    private String ja4;
    private String ja3;
    private String ja4s;
    private String ja3s;
    private ServerCertificate certificate;

    /**
     * A handshake whose ClientHello lives in {@code client}.
     *
     * @param client the hello this handshake reports: its own copy, or the parser's for an event written at once
     */
    public TlsHandshake(ClientHello client) {
        this.client = client;
    }

    /**
     * Starts a new handshake on this instance: forgets the server's side, the flags and the fingerprints.
     *
     * @param overQuic true when the hello came in QUIC Initials
     * @return this
     */
    public TlsHandshake begin(boolean overQuic) {
        quic = overQuic;
        server.reset();
        clientChangeCipherSpec = false;
        serverChangeCipherSpec = false;
        serverEncrypted = false;
        ja4 = null;
        ja3 = null;
        ja4s = null;
        ja3s = null;
        certificate = null;
        return this;
    }

    /** Records a ChangeCipherSpec record sent by the client or by the server. */
    public void changeCipherSpec(boolean fromServer) {
        if (fromServer) {
            serverChangeCipherSpec = true;
        } else {
            clientChangeCipherSpec = true;
        }
    }

    /** Records an application_data record from the server: in TLS 1.3 its encrypted first flight. */
    public void serverEncrypted() {
        serverEncrypted = true;
    }

    /**
     * True when the handshake completed as far as an observer can see: a ServerHello (not a HelloRetryRequest)
     * and, up to TLS 1.2, ChangeCipherSpec both ways; in TLS 1.3 the server's first flight after its hello.
     */
    public boolean established() {
        if (!server.present() || server.helloRetryRequest()) {
            return false;
        }
        if (server.version() >= TLS_1_3) {
            return serverEncrypted || serverChangeCipherSpec;
        }
        return clientChangeCipherSpec && serverChangeCipherSpec;
    }

    /**
     * Sets what the event shows beside the hellos; called once, when the event is written.
     *
     * @param clientJa4   JA4
     * @param clientJa3   JA3
     * @param serverJa4s  JA4S, or null without a ServerHello
     * @param serverJa3s  JA3S, or null without a ServerHello
     * @param leaf        the server's certificate, or null when none was read
     */
    public void fingerprints(String clientJa4, String clientJa3, String serverJa4s, String serverJa3s,
            ServerCertificate leaf) {
        ja4 = clientJa4;
        ja3 = clientJa3;
        ja4s = serverJa4s;
        ja3s = serverJa3s;
        certificate = leaf;
    }

    /** The ClientHello. */
    public ClientHello client() {
        return client;
    }

    /** The server's side; {@link ServerHello#present()} is false when no ServerHello was seen. */
    public ServerHello server() {
        return server;
    }

    /** True when the hello came in QUIC Initials. */
    public boolean quic() {
        return quic;
    }

    /** The client's JA4. */
    public String ja4() {
        return ja4;
    }

    /** The client's JA3. */
    public String ja3() {
        return ja3;
    }

    /** The server's JA4S, or null. */
    public String ja4s() {
        return ja4s;
    }

    /** The server's JA3S, or null. */
    public String ja3s() {
        return ja3s;
    }

    /** The server's certificate read in clear (TLS 1.2 and earlier), or null. */
    public ServerCertificate certificate() {
        return certificate;
    }
}
