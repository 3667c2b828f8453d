package io.flowrank.bench;

import java.util.List;
import java.util.function.Function;

/**
 * What the bench needs of the {@code flowrank} launcher, handed over by the CLI when it registers
 * {@code bench}: the bench measures the commands as {@code ./flowrank COMMAND} runs them, yet must
 * not depend on the CLI module (the CLI depends on the bench).
 *
 * @param mainClass the launcher's main class, run in every child JVM with the bench's classpath
 * @param jvmOptions the JVM options of a command ({@code stream}, {@code produce}, ...), as {@code
 *     ./flowrank} gives them
 */
public record Launcher(String mainClass, Function<String, List<String>> jvmOptions) {}
