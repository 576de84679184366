package io.netzer.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Names of TLS cipher suites from the IANA registry "TLS Cipher Suites" ({@code tls-cipher-suites.txt} beside this
 * class: every assigned code, hex and name per line), as ECS's {@code tls.cipher} and Zeek's ssl.log show them.
 */
public final class TlsCipherSuites {
    private static final String RESOURCE = "tls-cipher-suites.txt";
    private static final String[] NAMES = load();

    private TlsCipherSuites() {
    }

    /**
     * The IANA name of a cipher suite.
     *
     * @param code the 16-bit code
     * @return e.g. {@code TLS_AES_128_GCM_SHA256}, or {@code 0x} and four hex digits when unassigned
     */
    public static String name(int code) {
        String name = NAMES[code & 0xffff];
        return name != null ? name : String.format("0x%04x", code & 0xffff);
    }

    private static String[] load() {
        String[] names = new String[1 << 16];
        try (InputStream in = TlsCipherSuites.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + ": missing beside " + TlsCipherSuites.class);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                names[Integer.parseInt(line.substring(0, space), 16)] = line.substring(space + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("resource " + RESOURCE + ": cannot be read", e);
        }
        return names;
    }
}
