package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes the body of a complete ClientHello handshake message (after its 4-byte handshake header) into a
 * {@link ClientHello}. The caller has already got the whole message, so a field that runs past its end is
 * malformed, never "need more data". RFC 8446 section 4.1.2:
 *
 * <pre>
 * struct {
 *     ProtocolVersion legacy_version = 0x0303;    // TLS v1.2
 *     Random random;                              // 32 bytes
 *     opaque legacy_session_id&lt;0..32&gt;;
 *     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
 *     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
 *     Extension extensions&lt;8..2^16-1&gt;;          // absent in some pre-TLS 1.2 hellos
 * } ClientHello;
 *
 * struct {
 *     ExtensionType extension_type;               // uint16
 *     opaque extension_data&lt;0..2^16-1&gt;;
 * } Extension;
 * </pre>
 */
final class ClientHelloBodyParser {
    static final int SERVER_NAME = 0x0000;
    static final int ALPN = 0x0010;
    static final int SIGNATURE_ALGORITHMS = 0x000d;
    static final int SUPPORTED_VERSIONS = 0x002b;
    static final int SUPPORTED_GROUPS = 0x000a;
    static final int EC_POINT_FORMATS = 0x000b;
    static final int ENCRYPTED_CLIENT_HELLO = 0xfe0d;

    private static final int VERSION_LENGTH = 2;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SESSION_ID_LENGTH = 32;
    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int HOST_NAME_TYPE = 0;

    private ClientHelloBodyParser() {
    }

    /**
     * Decodes one ClientHello body.
     *
     * @return {@link ParseStatus#COMPLETE} or {@link ParseStatus#MALFORMED} with {@code out.malformation} set
     */
    static int parse(MemorySegment segment, long offset, int length, ClientHello out) {
        long end = offset + length;
        long p = offset;
        if (p + VERSION_LENGTH + RANDOM_LENGTH + 1 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        out.legacyVersion = Wire.u16(segment, p);
        p += VERSION_LENGTH + RANDOM_LENGTH;
        int sessionIdLength = Wire.u8(segment, p++);
        if (sessionIdLength > MAX_SESSION_ID_LENGTH) {
            return malformed(out, Malformation.TLS_SESSION_ID_TOO_LONG);
        }
        p += sessionIdLength;
        if (p + 2 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        int cipherSuitesLength = Wire.u16(segment, p);
        p += 2;
        if (cipherSuitesLength == 0 || (cipherSuitesLength & 1) != 0) {
            return malformed(out, Malformation.TLS_CIPHER_SUITES_LENGTH);
        }
        if (p + cipherSuitesLength > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        if (cipherSuitesLength / 2 > ClientHello.MAX_CIPHER_SUITES) {
            return malformed(out, Malformation.TLS_TOO_MANY_CIPHER_SUITES);
        }
        for (long cipherEnd = p + cipherSuitesLength; p < cipherEnd; p += 2) {
            out.cipherSuites[out.cipherSuiteCount++] = Wire.u16(segment, p);
        }
        if (p + 1 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        int compressionMethodsLength = Wire.u8(segment, p++);
        if (compressionMethodsLength == 0) {
            return malformed(out, Malformation.TLS_COMPRESSION_METHODS_LENGTH);
        }
        p += compressionMethodsLength;
        if (p == end) {
            return ParseStatus.COMPLETE;
        }
        if (p + 2 > end) {
            return malformed(out, Malformation.TLS_HELLO_TRUNCATED);
        }
        int extensionsLength = Wire.u16(segment, p);
        p += 2;
        if (p + extensionsLength != end) {
            return malformed(out, Malformation.TLS_EXTENSIONS_LENGTH);
        }
        return parseExtensions(segment, p, end, out);
    }

    private static int parseExtensions(MemorySegment segment, long p, long end, ClientHello out) {
        while (p < end) {
            if (p + EXTENSION_HEADER_LENGTH > end) {
                return malformed(out, Malformation.TLS_EXTENSION_TRUNCATED);
            }
            int type = Wire.u16(segment, p);
            int length = Wire.u16(segment, p + 2);
            long data = p + EXTENSION_HEADER_LENGTH;
            if (data + length > end) {
                return malformed(out, Malformation.TLS_EXTENSION_TRUNCATED);
            }
            if (out.extensionCount == ClientHello.MAX_EXTENSIONS) {
                return malformed(out, Malformation.TLS_TOO_MANY_EXTENSIONS);
            }
            out.extensionTypes[out.extensionCount++] = type;
            Malformation problem = switch (type) {
                case SERVER_NAME -> serverName(segment, data, length, out);
                case ALPN -> alpn(segment, data, length, out);
                case SUPPORTED_VERSIONS -> supportedVersions(segment, data, length, out);
                case SIGNATURE_ALGORITHMS -> signatureAlgorithms(segment, data, length, out);
                case SUPPORTED_GROUPS -> {
                    supportedGroups(segment, data, length, out);
                    yield Malformation.NONE;
                }
                case EC_POINT_FORMATS -> {
                    pointFormats(segment, data, length, out);
                    yield Malformation.NONE;
                }
                case ENCRYPTED_CLIENT_HELLO -> {
                    out.encryptedClientHello = true;
                    yield Malformation.NONE;
                }
                default -> Malformation.NONE;
            };
            if (problem != Malformation.NONE) {
                return malformed(out, problem);
            }
            p = data + length;
        }
        return ParseStatus.COMPLETE;
    }

    /**
     * RFC 6066 section 3. The first host_name wins; a second server_name extension is ignored, as servers do.
     *
     * <pre>
     * struct {
     *     NameType name_type;                     // host_name(0)
     *     select (name_type) { case host_name: HostName; } name;
     * } ServerName;
     * opaque HostName&lt;1..2^16-1&gt;;
     * struct { ServerName server_name_list&lt;1..2^16-1&gt; } ServerNameList;
     * </pre>
     */
    private static Malformation serverName(MemorySegment segment, long data, int length, ClientHello out) {
        if (out.hasServerNameExtension) {
            return Malformation.NONE;
        }
        out.hasServerNameExtension = true;
        if (length == 0) {
            return Malformation.NONE;
        }
        if (length < 2 || Wire.u16(segment, data) != length - 2) {
            return Malformation.TLS_SERVER_NAME_MALFORMED;
        }
        long end = data + length;
        for (long p = data + 2; p < end; ) {
            if (p + 3 > end) {
                return Malformation.TLS_SERVER_NAME_MALFORMED;
            }
            int nameType = Wire.u8(segment, p);
            int nameLength = Wire.u16(segment, p + 1);
            p += 3;
            if (p + nameLength > end) {
                return Malformation.TLS_SERVER_NAME_MALFORMED;
            }
            if (nameType == HOST_NAME_TYPE && out.serverNameLength < 0) {
                if (nameLength > ClientHello.MAX_SERVER_NAME_LENGTH) {
                    return Malformation.TLS_SERVER_NAME_TOO_LONG;
                }
                MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, p, out.serverName, 0, nameLength);
                out.serverNameLength = nameLength;
            }
            p += nameLength;
        }
        return Malformation.NONE;
    }

    /**
     * RFC 7301 section 3.1. An empty name is kept (JA4 reads it as "00") although the grammar forbids it.
     *
     * <pre>
     * opaque ProtocolName&lt;1..2^8-1&gt;;
     * struct { ProtocolName protocol_name_list&lt;2..2^16-1&gt; } ProtocolNameList;
     * </pre>
     */
    private static Malformation alpn(MemorySegment segment, long data, int length, ClientHello out) {
        if (out.hasAlpnExtension) {
            return Malformation.NONE;
        }
        out.hasAlpnExtension = true;
        if (length < 2 || Wire.u16(segment, data) != length - 2) {
            return Malformation.TLS_ALPN_MALFORMED;
        }
        long end = data + length;
        int used = 0;
        for (long p = data + 2; p < end; ) {
            int nameLength = Wire.u8(segment, p++);
            if (p + nameLength > end) {
                return Malformation.TLS_ALPN_MALFORMED;
            }
            if (out.alpnCount == ClientHello.MAX_ALPN_PROTOCOLS) {
                return Malformation.TLS_TOO_MANY_ALPN_PROTOCOLS;
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, p, out.alpnBytes, used, nameLength);
            out.alpnOffsets[out.alpnCount] = used;
            out.alpnLengths[out.alpnCount++] = nameLength;
            used += nameLength;
            p += nameLength;
        }
        return Malformation.NONE;
    }

    /** RFC 8446 section 4.2.1, client form: {@code ProtocolVersion versions<2..254>;}. */
    private static Malformation supportedVersions(MemorySegment segment, long data, int length, ClientHello out) {
        if (length < 1) {
            return Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED;
        }
        int listLength = Wire.u8(segment, data);
        if (listLength == 0 || (listLength & 1) != 0 || listLength != length - 1) {
            return Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED;
        }
        out.supportedVersionCount = 0;
        for (long p = data + 1, end = data + length; p < end; p += 2) {
            out.supportedVersions[out.supportedVersionCount++] = Wire.u16(segment, p);
        }
        return Malformation.NONE;
    }

    /** RFC 8446 section 4.2.3: {@code SignatureScheme supported_signature_algorithms<2..2^16-2>;}. */
    private static Malformation signatureAlgorithms(MemorySegment segment, long data, int length, ClientHello out) {
        if (length < 2) {
            return Malformation.TLS_SIGNATURE_ALGORITHMS_MALFORMED;
        }
        int listLength = Wire.u16(segment, data);
        if (listLength == 0 || (listLength & 1) != 0 || listLength != length - 2) {
            return Malformation.TLS_SIGNATURE_ALGORITHMS_MALFORMED;
        }
        if (listLength / 2 > ClientHello.MAX_SIGNATURE_ALGORITHMS) {
            return Malformation.TLS_TOO_MANY_SIGNATURE_ALGORITHMS;
        }
        out.signatureAlgorithmCount = 0;
        for (long p = data + 2, end = data + length; p < end; p += 2) {
            out.signatureAlgorithms[out.signatureAlgorithmCount++] = Wire.u16(segment, p);
        }
        return Malformation.NONE;
    }

    /**
     * RFC 8446 section 4.2.7: {@code NamedGroup named_group_list<2..2^16-1>;}. Read for JA3 only, so a list that
     * breaks the grammar or passes {@link ClientHello#MAX_SUPPORTED_GROUPS} is left out rather than failing the
     * hello (whose server name and JA4 do not depend on it).
     */
    private static void supportedGroups(MemorySegment segment, long data, int length, ClientHello out) {
        out.supportedGroupCount = 0;
        int listLength = length < 2 ? -1 : Wire.u16(segment, data);
        if (listLength <= 0 || (listLength & 1) != 0 || listLength != length - 2
                || listLength / 2 > ClientHello.MAX_SUPPORTED_GROUPS) {
            return;
        }
        for (long p = data + 2, end = data + length; p < end; p += 2) {
            out.supportedGroups[out.supportedGroupCount++] = Wire.u16(segment, p);
        }
    }

    /**
     * RFC 8422 section 5.1.2: {@code ECPointFormat ec_point_format_list<1..2^8-1>;}. For JA3 only: a list whose
     * length does not match is left out, as for {@link #supportedGroups}.
     */
    private static void pointFormats(MemorySegment segment, long data, int length, ClientHello out) {
        out.pointFormatCount = 0;
        if (length < 1 || Wire.u8(segment, data) != length - 1) {
            return;
        }
        for (long p = data + 1, end = data + length; p < end; p++) {
            out.pointFormats[out.pointFormatCount++] = Wire.u8(segment, p);
        }
    }

}
