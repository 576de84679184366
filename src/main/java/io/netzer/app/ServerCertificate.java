package io.netzer.app;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * The fields of a server certificate seen in clear (TLS 1.2 and earlier) that ECS's {@code tls.server.*} carries.
 * Read with the JDK's {@link CertificateFactory} from a bounded copy ({@link ServerHello#MAX_CERTIFICATE_LENGTH}),
 * once per handshake when its event is written, never per packet: the JDK's DER decoder is the one that verifies
 * certificates for every TLS connection Java makes, hardened far beyond what a second decoder here would be, and a
 * handshake may allocate. Whatever it refuses is the malformation {@link Malformation#TLS_CERTIFICATE_UNREADABLE}.
 */
public final class ServerCertificate {
    /** SAN general name types kept as text (RFC 5280 section 4.2.1.6): rfc822Name, dNSName, URI, iPAddress. */
    private static final int RFC822_NAME = 1;
    private static final int DNS_NAME = 2;
    private static final int URI = 6;
    private static final int IP_ADDRESS = 7;
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private final String subject;
    private final String issuer;
    private final String subjectCommonName;
    private final String issuerCommonName;
    private final List<String> alternativeNames;
    private final long notBeforeMillis;
    private final long notAfterMillis;
    private final String serialNumber;
    private final String sha256;

    private ServerCertificate(X509Certificate certificate, byte[] der, int length) throws CertificateParsingException {
        subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        issuer = certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
        subjectCommonName = commonName(subject);
        issuerCommonName = commonName(issuer);
        alternativeNames = alternativeNames(certificate.getSubjectAlternativeNames());
        notBeforeMillis = certificate.getNotBefore().getTime();
        notAfterMillis = certificate.getNotAfter().getTime();
        serialNumber = serialHex(certificate.getSerialNumber().toByteArray());
        sha256 = UPPER_HEX.formatHex(sha256(der, length));
    }

    /**
     * Reads a DER certificate.
     *
     * @param der    bytes holding the certificate from index 0
     * @param length its length, at most {@link ServerHello#MAX_CERTIFICATE_LENGTH}
     * @return the fields, or null when the bytes are not a certificate the JDK reads
     */
    public static ServerCertificate read(byte[] der, int length) {
        if (length <= 0 || length > ServerHello.MAX_CERTIFICATE_LENGTH || length > der.length) {
            return null;
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(der, 0, length));
            return new ServerCertificate(certificate, der, length);
        } catch (CertificateException | RuntimeException e) {
            // Bytes from the wire: the JDK's decoder reports some encodings it refuses with runtime exceptions.
            return null;
        }
    }

    /** The subject's distinguished name, RFC 2253 form ({@code CN=example.com,O=Example}). */
    public String subject() {
        return subject;
    }

    /** The issuer's distinguished name, RFC 2253 form. */
    public String issuer() {
        return issuer;
    }

    /** The subject's first common name, or null. */
    public String subjectCommonName() {
        return subjectCommonName;
    }

    /** The issuer's first common name, or null. */
    public String issuerCommonName() {
        return issuerCommonName;
    }

    /** DNS names, IP addresses, e-mail addresses and URIs of subjectAltName, in order (empty when none). */
    public List<String> alternativeNames() {
        return alternativeNames;
    }

    /** Start of validity, milliseconds since the epoch. */
    public long notBeforeMillis() {
        return notBeforeMillis;
    }

    /** End of validity, milliseconds since the epoch. */
    public long notAfterMillis() {
        return notAfterMillis;
    }

    /** The serial number in upper-case hex, as ECS's example and Zeek's x509.log show it. */
    public String serialNumber() {
        return serialNumber;
    }

    /** SHA-256 of the DER certificate, upper-case hex. */
    public String sha256() {
        return sha256;
    }

    /** The value of the first CN attribute of an RFC 2253 name, its escapes undone. */
    static String commonName(String name) {
        int i = 0;
        int n = name.length();
        while (i < n) {
            int equals = name.indexOf('=', i);
            if (equals < 0) {
                return null;
            }
            String type = name.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 1;
            for (; j < n; j++) {
                char c = name.charAt(j);
                if (c == '\\' && j + 1 < n) {
                    value.append(name.charAt(++j));
                } else if (c == ',' || c == '+') {
                    break;
                } else {
                    value.append(c);
                }
            }
            if (type.equalsIgnoreCase("CN")) {
                return value.toString();
            }
            i = j + 1;
        }
        return null;
    }

    private static List<String> alternativeNames(Collection<List<?>> names) {
        List<String> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (List<?> name : names) {
            Object type = name.get(0);
            Object value = name.get(1);
            if (type instanceof Integer t && value instanceof String s
                    && (t == DNS_NAME || t == IP_ADDRESS || t == RFC822_NAME || t == URI)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The DER integer's bytes without the sign byte DER adds before a high first bit. */
    private static String serialHex(byte[] bytes) {
        int from = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return UPPER_HEX.formatHex(bytes, from, bytes.length);
    }

    private static byte[] sha256(byte[] der, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(der, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MessageDigest SHA-256: not available, but every JDK must provide it", e);
        }
    }
}
