package io.camelhydra.app;

import java.nio.charset.StandardCharsets;

/**
 * Names the file inputs write, kept within what file systems and FTP servers take: 255 bytes a name (ext4, xfs,
 * most FTP servers), including the temporary prefix a result is written under first. A name that would be longer
 * keeps its end (the extension) and loses the middle of its stem, marked with {@code ~}.
 */
final class FileNames {

    /** Longest file name most file systems accept, in bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** Room left for the temporary prefix results and reports are written under. */
    static final int MAX_FINAL_NAME_BYTES = MAX_NAME_BYTES - DropFolders.TEMP_PREFIX.length();

    private FileNames() {
    }

    /** {@code stem + suffix}, with the stem shortened so the whole fits {@link #MAX_FINAL_NAME_BYTES}. */
    static String fit(String stem, String suffix) {
        int budget = MAX_FINAL_NAME_BYTES - bytes(suffix);
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

    /** The part of a name before its last dot (the whole name when it has no extension or starts with its dot). */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The last dot and what follows it, or an empty string. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
