package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owner: the module whose migrations create it. No other module's main code
 * names it in SQL; others go through the views and functions the owner publishes.
 */
class TableOwnershipTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> OWNERS = List.of("command-service", "query-service");
    /** A table's name, without its schema: {@code projection.read_model}, or {@code %1$I.account_summary} in a format(). */
    private static final Pattern CREATED =
            Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?(?:[%\\w$]+\\.)?(\\w+)");

    private static final Pattern STRING =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern USED =
            Pattern.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+(?:\\w+\\.)?(\\w+)(?![\\w.-])");

    @Test
    void shouldNameATableInSqlOnlyInTheModuleThatCreatesIt() throws IOException {
        Map<String, String> owners = tableOwners();
        assertFalse(owners.isEmpty(), "no CREATE TABLE found in the services' migrations");
        List<String> trespasses = new ArrayList<>();
        for (Path source : mainJavaSources()) {
            String module = ROOT.relativize(source).getName(0).toString();
            for (String table : tablesNamedInSql(Files.readString(source))) {
                String owner = owners.get(table);
                if (owner != null && !owner.equals(module)) {
                    trespasses.add(ROOT.relativize(source) + " uses " + owner + "'s table " + table);
                }
            }
        }
        System.out.println("table owners: " + new TreeMap<>(owners));
        assertTrue(trespasses.isEmpty(), String.join("\n", trespasses));
    }

    private static Map<String, String> tableOwners() throws IOException {
        Map<String, String> owners = new TreeMap<>();
        for (String module : OWNERS) {
            try (Stream<Path> migrations =
                    Files.list(ROOT.resolve(module).resolve("src/main/resources/db/migration"))) {
                for (Path migration : migrations.toList()) {
                    Matcher created = CREATED.matcher(Files.readString(migration));
                    while (created.find()) {
                        owners.put(created.group(1).toLowerCase(), module);
                    }
                }
            }
        }
        return owners;
    }

    /** Table names after FROM, JOIN, UPDATE, INTO or TABLE inside the file's string literals. */
    static Set<String> tablesNamedInSql(String java) {
        Set<String> tables = new TreeSet<>();
        Matcher literal = STRING.matcher(java);
        while (literal.find()) {
            String sql = literal.group(1) != null ? literal.group(1) : literal.group(2);
            Matcher used = USED.matcher(sql);
            while (used.find()) {
                tables.add(used.group(1).toLowerCase());
            }
        }
        return tables;
    }

    private static List<Path> mainJavaSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path ->
                            ROOT.relativize(path).toString().replace('\\', '/').matches("[\\w-]+/src/main/java/.*"))
                    .toList();
        }
    }
}
