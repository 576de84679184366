package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fields ECS's {@code tls.server.*} takes from a certificate, read from a real DER certificate
 * ({@link ServerHelloBuilder#certificateDer()}); anything else, cut or altered anywhere, is refused without an
 * exception.
 */
class ServerCertificateTest {
    @Test
    void shouldReadTheFieldsOfARealCertificate() throws IOException {
        byte[] der = ServerHelloBuilder.certificateDer();
        ServerCertificate certificate = ServerCertificate.read(der, der.length);
        assertEquals("CN=server.example,O=NetZer Test,C=ZZ", certificate.subject());
        assertEquals(certificate.subject(), certificate.issuer(), "self-signed");
        assertEquals("server.example", certificate.subjectCommonName());
        assertEquals("server.example", certificate.issuerCommonName());
        assertEquals(List.of("server.example", "*.server.example", "192.0.2.7"), certificate.alternativeNames());
        assertEquals("C0FFEE", certificate.serialNumber());
        assertEquals(Instant.parse("2026-12-06T22:10:23Z").toEpochMilli(), certificate.notBeforeMillis());
        assertEquals(Instant.parse("2036-12-03T22:10:23Z").toEpochMilli(), certificate.notAfterMillis());
        // openssl x509 -fingerprint -sha256
        assertEquals("B3897D56478C82C64D83AC10D96D1DA366965A969B3848880B2601F3A4D0A4E0", certificate.sha256());
    }

    @Test
    void shouldRefuseACertificateCutAnywhereOrAlteredWithoutThrowing() throws IOException {
        byte[] der = ServerHelloBuilder.certificateDer();
        for (int cut = 0; cut < der.length; cut++) {
            assertNull(ServerCertificate.read(Arrays.copyOf(der, cut), cut), "cut at " + cut);
        }
        for (int at = 0; at < der.length; at++) {
            for (int value : new int[] {0x00, 0x7f, 0x80, 0xff}) {
                byte[] changed = der.clone();
                changed[at] = (byte) value;
                ServerCertificate.read(changed, changed.length);
            }
        }
        assertNull(ServerCertificate.read(der, ServerHello.MAX_CERTIFICATE_LENGTH + 1));
    }

    @Test
    void shouldTakeTheFirstCommonNameWithItsEscapesUndone() {
        assertEquals("a,b", ServerCertificate.commonName("O=x,CN=a\\,b,CN=c"));
        assertEquals("d", ServerCertificate.commonName("cn=d+O=e"));
        assertNull(ServerCertificate.commonName("O=no common name"));
    }
}
