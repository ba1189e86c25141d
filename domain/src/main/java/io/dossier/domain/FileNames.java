package io.dossier.domain;

/**
 * Rules for file names that clients give: they name the content for people, they never become a
 * path or a storage key, so anything that looks like a path or cannot be shown is refused.
 */
public final class FileNames {
    public static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    public static String check(String fileName) {
        Checks.text(fileName, "file name", MAX_LENGTH);
        if (fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0) {
            throw new DocumentException.InvalidInput("file name must not contain a path separator");
        }
        if (fileName.equals(".") || fileName.equals("..")) {
            throw new DocumentException.InvalidInput("file name must not be '.' or '..'");
        }
        for (int i = 0; i < fileName.length(); i++) {
            if (isBidiControl(fileName.charAt(i))) {
                throw new DocumentException.InvalidInput(String.format("file name contains the bidirectional control "
                        + "character U+%04X, which can make a name display as something it is not",
                        (int) fileName.charAt(i)));
            }
        }
        if (fileName.strip().length() != fileName.length()) {
            throw new DocumentException.InvalidInput("file name must not start or end with white space");
        }
        return fileName;
    }

    /** Characters that reorder the text around them (U+202E shows {@code exe.pdf} as {@code fdp.exe}). */
    public static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
