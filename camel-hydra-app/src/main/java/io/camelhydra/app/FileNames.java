package io.camelhydra.app;

import java.nio.charset.StandardCharsets;

/**
 * Names the file inputs write, kept within what file systems and FTP servers take: 255 bytes a name (ext4, xfs,
 * most FTP servers). A name that would be longer keeps what tells it apart, the suffix (time stamp, extensions), and
 * loses the end of its stem, marked with {@code ~}.
 */
final class FileNames {

    /** Longest file name most file systems accept, in bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** An "extension" longer than this is part of the name, not a type (and is not kept whole when names are cut). */
    private static final int MAX_EXTENSION_BYTES = 32;

    private FileNames() {
    }

    /** {@code stem + suffix}, with the stem shortened so the whole fits in {@link #MAX_NAME_BYTES}. */
    static String fit(String stem, String suffix) {
        int budget = MAX_NAME_BYTES - bytes(suffix);
        if (bytes(stem) <= budget) {
            return stem + suffix;
        }
        StringBuilder kept = new StringBuilder();
        int used = 1; // the '~' marking the cut
        for (int i = 0; i < stem.length(); ) {
            int codePoint = stem.codePointAt(i);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return kept.append('~').append(suffix).toString();
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The name without {@link #extension(String)}. */
    static String stem(String name) {
        return name.substring(0, name.length() - extension(name).length());
    }

    /** The last dot and what follows it (a short type like {@code .docx}), or an empty string. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || bytes(name.substring(dot)) > MAX_EXTENSION_BYTES) {
            return "";
        }
        return name.substring(dot);
    }
}
