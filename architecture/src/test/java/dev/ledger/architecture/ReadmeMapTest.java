package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Where is it?" table is a map of the code: every file it names and every test it
 * gives as proof must exist. {@code .../} in a path stands for any folders.
 */
class ReadmeMapTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    private static final Pattern TEST_CLASS = Pattern.compile("[A-Z]\\w*(Test|IT)");
    private static final Pattern FILE_NAME = Pattern.compile("[\\w.-]+\\.(java|sql|sh|ya?ml|properties|conf|md)");

    @Test
    void shouldNameOnlyFilesThatExist() throws IOException {
        List<String> files = repositoryFiles();
        List<String> rows = whereIsItRows();
        assertFalse(rows.isEmpty(), "README.md has no \"Where is it?\" table");
        List<String> missing = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            for (String path : quoted(cells[3])) {
                boolean isPath = path.contains("/") || FILE_NAME.matcher(path).matches();
                if (isPath && files.stream().noneMatch(file -> matches(path, file))) {
                    missing.add(path);
                }
            }
            for (String proof : quoted(cells[4])) {
                if (TEST_CLASS.matcher(proof).matches()
                        && files.stream()
                                .noneMatch(
                                        file -> file.contains("/src/test/") && file.endsWith("/" + proof + ".java"))) {
                    missing.add(proof);
                }
            }
        }
        assertTrue(missing.isEmpty(), "the README's map names what is not there: " + missing);
    }

    /**
     * {@code a/.../b/C.java} matches any file under {@code a/} ending in {@code /b/C.java}; a bare
     * {@code C.java} any file of that name; a folder ends in /.
     */
    static boolean matches(String path, String file) {
        if (!path.contains("/")) {
            return file.endsWith("/" + path);
        }
        int gap = path.indexOf("...");
        if (gap < 0) {
            return path.endsWith("/") ? file.startsWith(path) : file.equals(path);
        }
        String head = path.substring(0, gap);
        String tail = path.substring(gap + 3);
        return file.startsWith(head) && file.endsWith(tail) && file.length() >= head.length() + tail.length();
    }

    private static List<String> whereIsItRows() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int start = lines.indexOf("## Where is it?");
        assertTrue(start >= 0, "README.md has no \"## Where is it?\" section");
        return lines.stream()
                .skip(start + 1)
                .takeWhile(line -> !line.startsWith("## "))
                .filter(line -> line.startsWith("| ") && !line.startsWith("| Behaviour"))
                .toList();
    }

    private static List<String> quoted(String cell) {
        List<String> values = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(cell);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    private static List<String> repositoryFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> ROOT.relativize(path).toString().replace('\\', '/'))
                    .filter(file ->
                            !file.startsWith(".git/") && !file.contains("/target/") && !file.startsWith("target/"))
                    .toList();
        }
    }
}
