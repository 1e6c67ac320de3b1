import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the driver starts a JVM: with its own java, and for its helper mains, its own classpath. */
record JavaCommand(String java, String classpath) {

    static JavaCommand ofThisJvm() {
        return new JavaCommand(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"));
    }

    /** One of the driver's helper mains, e.g. {@code ChaosKafka}. */
    List<String> main(List<String> options, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** A packaged application, e.g. {@code command-service/target/quarkus-app/quarkus-run.jar}. */
    List<String> jar(List<String> options, Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
