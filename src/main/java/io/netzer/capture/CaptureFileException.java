package io.netzer.capture;

import java.io.IOException;

/**
 * A capture file that cannot be read, or stops being readable at some byte: one line that names the file, the
 * byte offset, what was found and what was expected, for example
 * {@code x.pcap: byte offset 1234: record captured length 300000 exceeds the maximum 262144}. The CLI prints the
 * message as it is.
 */
public final class CaptureFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The offset of problems that concern the whole file (missing, unreadable) rather than a byte of it. */
    public static final long NO_OFFSET = -1;

    private final String fileName;
    private final long offset;

    /**
     * A fault at a byte of the file.
     *
     * @param fileName the file as the user named it
     * @param offset   where the faulty field or block starts
     * @param problem  what was found and what was expected
     */
    public CaptureFileException(String fileName, long offset, String problem) {
        super(fileName + ": byte offset " + offset + ": " + problem);
        this.fileName = fileName;
        this.offset = offset;
    }

    /**
     * A fault of the whole file (it is missing, unreadable, a directory).
     *
     * @param fileName the file as the user named it
     * @param problem  what went wrong
     * @param cause    the exception of the file system, or null
     */
    public CaptureFileException(String fileName, String problem, Throwable cause) {
        super(fileName + ": " + problem, cause);
        this.fileName = fileName;
        this.offset = NO_OFFSET;
    }

    /** The file as the user named it. */
    public String fileName() {
        return fileName;
    }

    /** Where the fault lies in the file, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }
}
