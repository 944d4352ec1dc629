package io.camelhydra.component.hydra;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the function catalog: a named conversion, the image that performs it, and what goes in and out.
 *
 * @param name        logical name ({@code hydra:NAME})
 * @param description one line for people
 * @param image       pinned image reference
 * @param command     argument array; empty for the image's own entrypoint
 * @param contentType media type of the output
 * @param extension   file extension of the output, without a dot
 * @param accepts     accepted input media types ({@code type/*} wildcards) and file extensions ({@code .docx})
 * @param options     further endpoint options for this function (timeout, memoryLimit, tmpfsSize, ...), applied as
 *                    if they were given on the URI but overridable by it
 */
public record FunctionDefinition(
        String name, String description, String image, List<String> command, String contentType, String extension,
        List<String> accepts, Map<String, Object> options) {

    public FunctionDefinition {
        command = List.copyOf(command);
        accepts = List.copyOf(accepts);
        options = Map.copyOf(options);
    }

    /** Whether an input with this media type may be given to the function ({@code null} or blank: unknown, allowed). */
    public boolean acceptsMediaType(String mediaType) {
        if (mediaType == null || mediaType.isBlank() || accepts.isEmpty()) {
            return true;
        }
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (String accepted : accepts) {
            if (accepted.startsWith(".")) {
                continue;
            }
            String pattern = accepted.toLowerCase(Locale.ROOT);
            if (pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                    : type.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file with this name may be given to the function (no extension: unknown, allowed). */
    public boolean acceptsFileName(String fileName) {
        String ext = extensionOf(fileName);
        if (ext == null || accepts.stream().noneMatch(a -> a.startsWith("."))) {
            return true;
        }
        return accepts.stream().anyMatch(a -> a.equalsIgnoreCase("." + ext));
    }

    /** The lower-case extension of a file name when it is plain letters and digits, else {@code null}. */
    public static String extensionOf(String fileName) {
        if (fileName == null) {
            return null;
        }
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        if (dot <= 0 || dot == base.length() - 1) {
            return null;
        }
        String ext = base.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,10}") ? ext : null;
    }
}
