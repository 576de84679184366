package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct passwd} of {@code <pwd.h>}, what getpwnam returns; only the ids are read.
 *
 * <pre>
 * struct passwd {
 *     char *pw_name;  char *pw_passwd;
 *     uid_t pw_uid;   gid_t pw_gid;
 *     char *pw_gecos; char *pw_dir; char *pw_shell;
 * };
 * </pre>
 */
public final class Passwd {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            ADDRESS.withName("pw_name"),
            ADDRESS.withName("pw_passwd"),
            JAVA_INT.withName("pw_uid"),
            JAVA_INT.withName("pw_gid"),
            ADDRESS.withName("pw_gecos"),
            ADDRESS.withName("pw_dir"),
            ADDRESS.withName("pw_shell")).withName("passwd");

    private static final long PW_UID = LAYOUT.byteOffset(groupElement("pw_uid"));
    private static final long PW_GID = LAYOUT.byteOffset(groupElement("pw_gid"));

    private Passwd() {
    }

    /** pw_uid. */
    public static int pwUid(MemorySegment passwd) {
        return passwd.get(JAVA_INT, PW_UID);
    }

    /** pw_gid. */
    public static int pwGid(MemorySegment passwd) {
        return passwd.get(JAVA_INT, PW_GID);
    }
}
