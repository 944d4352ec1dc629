package io.camelhydra.app;

/**
 * Notes a function gives about a conversion that succeeded, by the convention of the function images: a stderr line
 * {@code <program>: note: <text>} (pdftotext on a scan: "the PDF has no text layer (scanned?)"). The result is still
 * the result; the note tells the user why it may look wrong.
 */
final class FunctionNotes {

    private static final String MARK = "note: ";
    private static final int MAX_LENGTH = 200;

    private FunctionNotes() {
    }

    /** The last note in a stderr tail, printable ASCII only (it may travel in an HTTP header), or null. */
    static String of(String stderr) {
        if (stderr == null || stderr.isEmpty()) {
            return null;
        }
        String[] lines = stderr.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            int at = lines[i].indexOf(MARK);
            if (at >= 0) {
                String note = lines[i].substring(at + MARK.length()).replaceAll("[^\\x20-\\x7e]", "?").strip();
                return note.isEmpty() ? null : note.substring(0, Math.min(note.length(), MAX_LENGTH));
            }
        }
        return null;
    }
}
