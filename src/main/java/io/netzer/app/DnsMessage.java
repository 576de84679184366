package io.netzer.app;

/**
 * One DNS message as decoded by {@link DnsMessageParser}: the header, the first question and up to
 * {@link #MAX_ANSWERS} answers. Names and rendered answer data are written as text into one preallocated
 * {@code char[]} ({@link #text()}), addressed by offset and length, so decoding never allocates; the
 * {@link String} accessors allocate and are meant for the moment an event is emitted.
 *
 * <p>Names are in presentation form without the final dot (the root is {@code "."}); printable ASCII is kept,
 * a dot or backslash inside a label is escaped with a backslash and any other byte is written {@code \DDD}
 * (RFC 1035 section 5.1).
 */
public final class DnsMessage extends ParseResult {
    /** Most answers kept; the others are counted in {@link #answersSkipped()}. */
    public static final int MAX_ANSWERS = 64;
    /** Characters of text (names and rendered data) kept per message. */
    public static final int TEXT_CAPACITY = 16 * 1024;

    private static final int QR_BIT = 0x8000;
    private static final int OPCODE_SHIFT = 11;
    private static final int OPCODE_MASK = 0xf;
    private static final int AA_BIT = 0x0400;
    private static final int TC_BIT = 0x0200;
    private static final int RD_BIT = 0x0100;
    private static final int RA_BIT = 0x0080;
    private static final int RCODE_MASK = 0xf;
    private static final int AD_BIT = 0x0020;
    private static final int CD_BIT = 0x0010;
    private static final int DO_BIT = 0x8000;

    int id;
    int flags;
    int questionCount;
    int answerCount;
    int authorityCount;
    int additionalCount;
    boolean hasOpt;
    int ednsFlags;
    boolean hasQuestion;
    int questionNameOffset;
    int questionNameLength;
    int questionType;
    int questionClass;
    int answersStored;
    int answersSkipped;
    final int[] answerNameOffset = new int[MAX_ANSWERS];
    final int[] answerNameLength = new int[MAX_ANSWERS];
    final int[] answerType = new int[MAX_ANSWERS];
    final int[] answerClass = new int[MAX_ANSWERS];
    final long[] answerTtl = new long[MAX_ANSWERS];
    final int[] answerDataOffset = new int[MAX_ANSWERS];
    final int[] answerDataLength = new int[MAX_ANSWERS];
    final char[] text = new char[TEXT_CAPACITY];
    int textLength;
    boolean textOverflow;
    int consumed;
    long responseTimeNanos = -1;

    /** Forgets the previous message; the parser calls it first. */
    void reset() {
        id = 0;
        flags = 0;
        questionCount = 0;
        answerCount = 0;
        authorityCount = 0;
        additionalCount = 0;
        hasOpt = false;
        ednsFlags = 0;
        hasQuestion = false;
        answersStored = 0;
        answersSkipped = 0;
        textLength = 0;
        textOverflow = false;
        consumed = 0;
        malformation = Malformation.NONE;
        responseTimeNanos = -1;
    }

    /** Appends one character of text; past the capacity it sets the overflow flag instead. */
    void put(char c) {
        if (textLength == TEXT_CAPACITY) {
            textOverflow = true;
        } else {
            text[textLength++] = c;
        }
    }

    /** Why the last parse returned {@link ParseStatus#MALFORMED}; fields decoded before the fault stay valid. */
    public Malformation malformation() {
        return malformation;
    }

    /** Bytes of input this message used: the datagram length, or 2 + the length prefix over TCP. */
    public int consumed() {
        return consumed;
    }

    /**
     * For a response that {@link DnsTransactions} paired with its query: the time from the query to it in
     * nanoseconds; otherwise -1.
     */
    public long responseTimeNanos() {
        return responseTimeNanos;
    }

    /** The 16-bit transaction ID. */
    public int id() {
        return id;
    }

    /** True for a response (QR = 1). */
    public boolean isResponse() {
        return (flags & QR_BIT) != 0;
    }

    /** OPCODE: 0 query, 4 notify, 5 update, ... */
    public int opcode() {
        return (flags >>> OPCODE_SHIFT) & OPCODE_MASK;
    }

    /** AA: authoritative answer. */
    public boolean authoritative() {
        return (flags & AA_BIT) != 0;
    }

    /** TC: truncated (the client should retry over TCP). */
    public boolean truncated() {
        return (flags & TC_BIT) != 0;
    }

    /** RD: recursion desired. */
    public boolean recursionDesired() {
        return (flags & RD_BIT) != 0;
    }

    /** RA: recursion available. */
    public boolean recursionAvailable() {
        return (flags & RA_BIT) != 0;
    }

    /** AD: authentic data (RFC 4035 section 3.2.3). */
    public boolean authenticData() {
        return (flags & AD_BIT) != 0;
    }

    /** CD: checking disabled (RFC 4035 section 3.2.2). */
    public boolean checkingDisabled() {
        return (flags & CD_BIT) != 0;
    }

    /** True when the additional section holds an OPT record (EDNS, RFC 6891). */
    public boolean hasOpt() {
        return hasOpt;
    }

    /** DO: DNSSEC OK, the top bit of the OPT record's flags (RFC 3225 section 3); false without OPT. */
    public boolean dnssecOk() {
        return (ednsFlags & DO_BIT) != 0;
    }

    /** RCODE (the low 4 bits; extended codes live in an OPT record). */
    public int responseCode() {
        return flags & RCODE_MASK;
    }

    /** QDCOUNT as sent. */
    public int questionCount() {
        return questionCount;
    }

    /** ANCOUNT as sent. */
    public int answerCount() {
        return answerCount;
    }

    /** NSCOUNT as sent. */
    public int authorityCount() {
        return authorityCount;
    }

    /** ARCOUNT as sent. */
    public int additionalCount() {
        return additionalCount;
    }

    /** True when the first question was decoded. */
    public boolean hasQuestion() {
        return hasQuestion;
    }

    /** The first question's name, or null; allocates. */
    public String questionName() {
        return hasQuestion ? new String(text, questionNameOffset, questionNameLength) : null;
    }

    /** Offset of the first question's name in {@link #text()}. */
    public int questionNameOffset() {
        return questionNameOffset;
    }

    /** Length of the first question's name in {@link #text()}. */
    public int questionNameLength() {
        return questionNameLength;
    }

    /** The first question's QTYPE. */
    public int questionType() {
        return questionType;
    }

    /** The first question's QCLASS (the top bit is mDNS's unicast-response flag). */
    public int questionClass() {
        return questionClass;
    }

    /** Answers kept (at most {@link #MAX_ANSWERS}). */
    public int answersStored() {
        return answersStored;
    }

    /** Answers present but not kept: beyond {@link #MAX_ANSWERS}, beyond the text capacity, or not walked. */
    public int answersSkipped() {
        return answersSkipped;
    }

    /**
     * One answer's owner name; allocates.
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return the name in presentation form
     */
    public String answerName(int index) {
        return new String(text, answerNameOffset[index], answerNameLength[index]);
    }

    /**
     * One answer's TYPE.
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return the 16-bit type, e.g. 1 for A
     */
    public int answerType(int index) {
        return answerType[index];
    }

    /**
     * One answer's CLASS.
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return the 16-bit class
     */
    public int answerClass(int index) {
        return answerClass[index];
    }

    /**
     * True when the answer is an address: an A record of 4 bytes or an AAAA record of 16 (its data is the address).
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return whether {@link #answerData(int)} is an IP address
     */
    public boolean answerIsAddress(int index) {
        int type = answerType[index];
        return (type == DnsRdata.TYPE_A || type == DnsRdata.TYPE_AAAA) && (answerClass[index] & ~0x8000) == 1;
    }

    /**
     * One answer's TTL in seconds.
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return the unsigned 32-bit TTL
     */
    public long answerTtl(int index) {
        return answerTtl[index];
    }

    /**
     * One answer's data as text: an address for A and AAAA, a name for CNAME, PTR and NS, "preference name"
     * for MX, quoted strings for TXT, and {@code \# length hex} (RFC 3597 section 5) for other types.
     *
     * @param index 0 to {@link #answersStored()} - 1
     * @return the rendered data; allocates
     */
    public String answerData(int index) {
        return new String(text, answerDataOffset[index], answerDataLength[index]);
    }

    /** Offset of one answer's owner name in {@link #text()} ({@code index} 0 to {@link #answersStored()} - 1). */
    public int answerNameOffset(int index) {
        return answerNameOffset[index];
    }

    /** Length of one answer's owner name in {@link #text()}. */
    public int answerNameLength(int index) {
        return answerNameLength[index];
    }

    /** Offset of one answer's rendered data in {@link #text()}. */
    public int answerDataOffset(int index) {
        return answerDataOffset[index];
    }

    /** Length of one answer's rendered data in {@link #text()}. */
    public int answerDataLength(int index) {
        return answerDataLength[index];
    }

    /** The text buffer that the offsets point into; valid until the next parse. */
    public char[] text() {
        return text;
    }

    /**
     * A record type's mnemonic from IANA's registry, or {@code TYPEnnn} (RFC 3597 section 5) for unassigned types.
     *
     * @param type a 16-bit TYPE or QTYPE
     * @return e.g. {@code AAAA}
     */
    public static String typeName(int type) {
        return DnsTypes.name(type);
    }

    /**
     * An RCODE's mnemonic (RFC 1035 section 4.1.1, RFC 2136 section 2.2), or its number.
     *
     * @param code 0 to 15
     * @return e.g. {@code NXDOMAIN}
     */
    public static String responseCodeName(int code) {
        return switch (code) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 6 -> "YXDOMAIN";
            case 7 -> "YXRRSET";
            case 8 -> "NXRRSET";
            case 9 -> "NOTAUTH";
            case 10 -> "NOTZONE";
            default -> Integer.toString(code);
        };
    }
}
