package io.netzer.capture;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Walks the options of a pcapng block (draft-ietf-opsawg-pcapng section 3.5) and keeps the Interface Description
 * Block options a reader needs. Every option must lie inside its block, as libpcap and Wireshark require.
 *
 * <pre>
 *  0 Option Code (16)  2 Option Length (16)  4 Option Value, padded to 32 bits ...
 * </pre>
 */
final class PcapngOptions {
    static final int END_OF_OPTIONS = 0;
    /** {@code if_name} (section 4.2): UTF-8, not zero-terminated. */
    static final int INTERFACE_NAME = 2;
    /** {@code if_tsresol}: one byte, top bit clear for 10^-n, set for 2^-n. */
    static final int TIMESTAMP_RESOLUTION = 9;
    /** {@code if_tsoffset}: signed 64-bit seconds added to every timestamp. */
    static final int TIMESTAMP_OFFSET = 14;
    static final int OPTION_HEADER_LENGTH = 4;
    static final int BINARY_RESOLUTION_FLAG = 0x80;

    private final CaptureFileSource source;
    private String interfaceName;
    private boolean binaryResolution;
    private int resolutionExponent = PcapngInterface.DEFAULT_DECIMAL_EXPONENT;
    private long offsetSeconds;

    /** A walker over {@code source}'s file in its current byte order, reused for every block. */
    PcapngOptions(CaptureFileSource source) {
        this.source = source;
    }

    /**
     * Walks the options from {@code optionsOffset} to the block's trailer, forgetting those of the previous block.
     *
     * @param interfaceDescription whether to keep the Interface Description Block options
     * @throws CaptureFileException when an option overruns its block or an IDB option has a wrong length or value
     */
    void walk(long block, int optionsOffset, long blockLength, boolean interfaceDescription)
            throws CaptureFileException {
        interfaceName = null;
        binaryResolution = false;
        resolutionExponent = PcapngInterface.DEFAULT_DECIMAL_EXPONENT;
        offsetSeconds = 0;
        long end = block + blockLength - PcapngFileSource.BLOCK_TRAILER_LENGTH;
        long option = block + optionsOffset;
        while (option < end) {
            if (end - option < OPTION_HEADER_LENGTH) {
                throw source.fault(option, "option header cut short: %d bytes left in the block, expected %d",
                        end - option, OPTION_HEADER_LENGTH);
            }
            int code = source.readUnsignedShort(option);
            int length = source.readUnsignedShort(option + 2);
            long padded = (length + 3L) & ~3L;
            if (padded > end - option - OPTION_HEADER_LENGTH) {
                throw source.fault(option, "option %d length %d overruns the block: %d bytes left", code, length,
                        end - option - OPTION_HEADER_LENGTH);
            }
            if (code == END_OF_OPTIONS) {
                return;
            }
            if (interfaceDescription) {
                readInterfaceOption(option, code, length);
            }
            option += OPTION_HEADER_LENGTH + padded;
        }
    }

    private void readInterfaceOption(long option, int code, int length) throws CaptureFileException {
        long value = option + OPTION_HEADER_LENGTH;
        switch (code) {
            case INTERFACE_NAME -> {
                byte[] bytes = source.file.asSlice(value, length).toArray(ValueLayout.JAVA_BYTE);
                // Some writers add a terminating NUL although the format does not ask for one.
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] == 0) {
                    end--;
                }
                interfaceName = new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            case TIMESTAMP_RESOLUTION -> {
                expectLength(option, "if_tsresol", length, 1);
                int resolution = Byte.toUnsignedInt(source.file.get(ValueLayout.JAVA_BYTE, value));
                binaryResolution = (resolution & BINARY_RESOLUTION_FLAG) != 0;
                resolutionExponent = resolution & ~BINARY_RESOLUTION_FLAG;
                int max = binaryResolution ? PcapngInterface.MAX_BINARY_EXPONENT
                        : PcapngInterface.MAX_DECIMAL_EXPONENT;
                if (resolutionExponent > max) {
                    throw source.fault(option, "if_tsresol %s^-%d is finer than the finest supported, %s^-%d",
                            binaryResolution ? 2 : 10, resolutionExponent, binaryResolution ? 2 : 10, max);
                }
            }
            case TIMESTAMP_OFFSET -> {
                expectLength(option, "if_tsoffset", length, Long.BYTES);
                offsetSeconds = source.readLong(value);
            }
            default -> {
                // Comments, filters, speeds and the like: nothing a packet needs.
            }
        }
    }

    private void expectLength(long option, String name, int length, int expected) throws CaptureFileException {
        if (length != expected) {
            throw source.fault(option, "%s option length %d, expected %d", name, length, expected);
        }
    }

    /** {@code if_name}, or null when absent. */
    String interfaceName() {
        return interfaceName;
    }

    /** Whether the resolution is a negative power of 2. */
    boolean binaryResolution() {
        return binaryResolution;
    }

    /** The resolution's exponent: 10^-n or 2^-n seconds. */
    int resolutionExponent() {
        return resolutionExponent;
    }

    /** {@code if_tsoffset} in seconds, 0 when absent. */
    long offsetSeconds() {
        return offsetSeconds;
    }
}
