package io.netzer.capture;

import io.netzer.sys.Libc;
import io.netzer.sys.LinuxConstants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gives up root once every socket is open: {@code setgroups(0, NULL)}, the capability bounding set emptied,
 * {@code setresgid}, {@code setresuid} to the target user, then {@code prctl(PR_SET_NO_NEW_PRIVS)} and the
 * {@link SeccompFilter} on every thread; then checks every thread in {@code /proc/self/task}.
 *
 * <p>Why the libc functions: a JVM has threads it does not control (GC, compiler, signal dispatcher), and the
 * kernel changes credentials per thread. glibc's set*id functions signal every thread of the process to make the
 * same change (the "setxid" broadcast); a raw syscall would change the calling thread only. Leaving uid 0 for a
 * non-zero uid makes the kernel clear each thread's permitted, effective and ambient capabilities.
 *
 * <p>Three limits of the kernel, checked rather than hidden:
 * <ul>
 * <li>no_new_privs is per thread and glibc does not broadcast prctl: it is set for the calling thread and inherited
 * by every thread started afterwards. Installing the seccomp filter with {@code SECCOMP_FILTER_FLAG_TSYNC} makes
 * the kernel set it, with the filter, on every other thread too, so the check then requires both everywhere.
 * Without the filter ({@code --no-seccomp}) it is checked on the calling thread only.</li>
 * <li>the capability bounding set is per thread too, and emptying it needs CAP_SETPCAP: it is emptied on the
 * calling thread (and so on every thread it starts afterwards, the workers), while threads started before keep
 * theirs. That set only limits what an execve could grant, and execve is denied by the filter and gains nothing
 * under no_new_privs; without CAP_SETPCAP (a container that drops it) the set is reported instead.</li>
 * <li>capabilities of a non-root process can only be dropped with capset, per thread, and glibc does not
 * broadcast it. A JVM started as a non-root user with capabilities therefore cannot drop them from every thread,
 * so this refuses with a message that says how to start instead (as root with CAP_NET_RAW, CAP_SETUID and
 * CAP_SETGID, then switch user).</li>
 * </ul>
 */
public final class PrivilegeDrop {
    /** The user a root process switches to unless told otherwise, as tcpdump's {@code -Z}. */
    public static final String DEFAULT_USER = "nobody";

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");
    private static final Path CAP_LAST_CAP = Path.of("/proc/sys/kernel/cap_last_cap");
    /** CAP_SETPCAP of {@code <linux/capability.h>}: needed to drop from the bounding set. */
    private static final int CAP_SETPCAP = 8;

    /**
     * Who the process runs as after the drop, and the capability bounding set of the calling thread as
     * {@code CapBnd} shows it (0 when it was emptied).
     */
    public record Credentials(String user, int uid, int gid, long boundingSet) {
    }

    private PrivilegeDrop() {
    }

    /**
     * Drops to {@code user} (null: {@link #DEFAULT_USER} when root; the current user otherwise), installs the
     * seccomp filter on every thread unless {@code seccomp} is false, and verifies.
     *
     * @throws PrivilegeDropException naming the user, the failed call, or every thread and field still privileged
     */
    public static Credentials drop(String user, boolean seccomp) throws PrivilegeDropException {
        Credentials target;
        try {
            if (Libc.getuid() == 0 || effectiveUid() == 0) {
                target = switchUser(user == null ? DEFAULT_USER : user);
            } else {
                target = stayAsUser(user);
            }
            Libc.prctl(LinuxConstants.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        } catch (PrivilegeDropException e) {
            throw e;
        } catch (IOException e) {
            throw new PrivilegeDropException("cannot drop privileges: " + e.getMessage(), e);
        }
        if (seccomp) {
            try {
                SeccompFilter.installOnEveryThread();
            } catch (IOException e) {
                throw new PrivilegeDropException("cannot install the seccomp filter: " + e.getMessage()
                        + " (--no-seccomp runs without it, on a kernel without seccomp)", e);
            }
        }
        verify(target.uid(), target.gid(), seccomp);
        return target;
    }

    private static Credentials switchUser(String user) throws IOException {
        int[] ids = Libc.getpwnam(user);
        if (ids == null) {
            throw new PrivilegeDropException("no such user: " + user);
        }
        if (ids[0] == 0 || ids[1] == 0) {
            throw new PrivilegeDropException("refusing to keep root: user " + user + " has uid " + ids[0]
                    + " and gid " + ids[1] + " (expected a user without uid or gid 0)");
        }
        Libc.setgroupsEmpty(); // first: dropping groups needs CAP_SETGID, gone after setresuid
        long boundingSet = emptyBoundingSet(); // before setresuid too: it needs CAP_SETPCAP
        Libc.setresgid(ids[1], ids[1], ids[1]);
        Libc.setresuid(ids[0], ids[0], ids[0]);
        return new Credentials(user, ids[0], ids[1], boundingSet);
    }

    /**
     * Empties the calling thread's capability bounding set if it holds CAP_SETPCAP; returns the set that remains.
     * Dropping from the bounding set leaves the permitted and effective sets alone: setresuid still works.
     */
    private static long emptyBoundingSet() throws IOException {
        if ((capabilities(Files.readString(THREAD_STATUS), "CapEff") & (1L << CAP_SETPCAP)) != 0) {
            // readAllLines, not readString: a sysctl file reports size 0, readString then reads one byte and
            // the kernel answers a read at a non-zero offset with end of file ("4" for "40")
            int last = Integer.parseInt(Files.readAllLines(CAP_LAST_CAP).getFirst().strip());
            for (int capability = 0; capability <= last; capability++) {
                Libc.prctl(LinuxConstants.PR_CAPBSET_DROP, capability, 0, 0, 0);
            }
        }
        return capabilities(Files.readString(THREAD_STATUS), "CapBnd");
    }

    private static long capabilities(String status, String set) {
        return Long.parseUnsignedLong(field(status, set), 16);
    }

    private static Credentials stayAsUser(String user) throws IOException {
        String status = Files.readString(THREAD_STATUS);
        int uid = Integer.parseInt(field(status, "Uid").split("\\s+")[0]);
        int gid = Integer.parseInt(field(status, "Gid").split("\\s+")[0]);
        if (user != null) {
            int[] ids = Libc.getpwnam(user);
            if (ids == null || ids[0] != uid) {
                throw new PrivilegeDropException("cannot switch to user " + user + ": running as uid " + uid
                        + ", and only root can change user");
            }
        }
        if (capabilities(status, "CapPrm") != 0) {
            throw new PrivilegeDropException("cannot drop capabilities as uid " + uid + " (CapPrm "
                    + field(status, "CapPrm") + "): capset works per thread and a JVM has threads it does not run;"
                    + " start as root with CAP_NET_RAW, CAP_SETUID and CAP_SETGID and let NetZer switch user");
        }
        return new Credentials(user == null ? Integer.toString(uid) : user, uid, gid,
                capabilities(status, "CapBnd"));
    }

    private static int effectiveUid() throws IOException {
        return Integer.parseInt(field(Files.readString(THREAD_STATUS), "Uid")
                .split("\\s+")[1]);
    }

    /**
     * Checks every thread of the process: real, effective, saved and filesystem uid and gid as expected, no
     * supplementary groups, no permitted or effective capabilities; with {@code seccomp}, no_new_privs and a
     * seccomp filter on every thread, else no_new_privs on the calling thread.
     *
     * @throws PrivilegeDropException listing every thread and field that is wrong
     */
    public static void verify(int uid, int gid, boolean seccomp) throws PrivilegeDropException {
        List<String> problems = new ArrayList<>();
        String self = Integer.toString(Libc.gettid());
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (NoSuchFileException e) {
                    continue; // the thread ended meanwhile
                }
                String tid = task.getFileName().toString();
                for (String problem : problems(status, uid, gid, seccomp || tid.equals(self), seccomp)) {
                    problems.add("thread " + tid + " (" + field(status, "Name") + "): " + problem);
                }
            }
        } catch (IOException e) {
            throw new PrivilegeDropException("cannot verify the privilege drop: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new PrivilegeDropException("privileges still held after dropping to uid " + uid + ", gid " + gid
                    + ": " + String.join("; ", problems));
        }
    }

    /**
     * What is wrong in one thread's {@code status} text; empty when nothing is. {@code noNewPrivs} and
     * {@code seccomp} say whether the thread must have no_new_privs and a seccomp filter.
     */
    static List<String> problems(String status, int uid, int gid, boolean noNewPrivs, boolean seccomp) {
        List<String> problems = new ArrayList<>();
        String ids = uid + "\t" + uid + "\t" + uid + "\t" + uid;
        if (!field(status, "Uid").equals(ids)) {
            problems.add("Uid " + field(status, "Uid").replace('\t', ' ') + " (expected " + uid + " four times)");
        }
        String gids = gid + "\t" + gid + "\t" + gid + "\t" + gid;
        if (!field(status, "Gid").equals(gids)) {
            problems.add("Gid " + field(status, "Gid").replace('\t', ' ') + " (expected " + gid + " four times)");
        }
        if (!field(status, "Groups").isEmpty()) {
            problems.add("Groups " + field(status, "Groups") + " (expected none)");
        }
        for (String set : List.of("CapEff", "CapPrm")) {
            if (!field(status, set).matches("0+")) {
                problems.add(set + " " + field(status, set) + " (expected 0)");
            }
        }
        if (noNewPrivs && !field(status, "NoNewPrivs").equals("1")) {
            problems.add("NoNewPrivs " + field(status, "NoNewPrivs") + " (expected 1)");
        }
        if (seccomp && !field(status, "Seccomp").equals("2")) {
            problems.add("Seccomp " + field(status, "Seccomp") + " (expected 2, a filter)");
        }
        return problems;
    }

    /** The value of {@code name} in a status text, trimmed; empty when absent. */
    private static String field(String status, String name) {
        String prefix = name + ":";
        for (String line : status.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        return "";
    }
}
