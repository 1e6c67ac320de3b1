import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one of the driver's servers lives across its restarts and how it starts: a helper main of
 * the driver ({@link ChaosKafka}, {@link ChaosPostgres}) in a JVM of its own, given its directory and
 * its fixed port first, its output appended to one log.
 */
record ServerLaunch(JavaCommand java, Path directory, int port, Path log) {

    Launched start(List<String> jvmOptions, String mainClass, String... moreArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(directory.toString(), Integer.toString(port)));
        arguments.addAll(List.of(moreArguments));
        return Launched.start(java.main(jvmOptions, mainClass, arguments.toArray(String[]::new)), Map.of(), log);
    }
}
