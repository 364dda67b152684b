package com.example.classifier.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar image-classifier.jar classify|evaluate ...}. It runs
 * the classification core without the web server; stdout carries only the command's
 * output, everything else (logs, errors, progress) goes to stderr.
 *
 * <p>
 * Exit status: {@value #EXIT_OK} all good; {@value #EXIT_FAILURES} some files could not
 * be classified, or {@code evaluate} is below {@code --min-top1}; {@value #EXIT_USAGE}
 * wrong arguments; {@value #EXIT_CANNOT_START} the model could not be loaded.
 */
public final class Cli {

	static final int EXIT_OK = 0;
	static final int EXIT_FAILURES = 1;
	static final int EXIT_USAGE = 2;
	static final int EXIT_CANNOT_START = 3;

	/**
	 * The help and version options, which mean the command line too when they come first.
	 */
	private static final Set<String> OPTIONS = Set.of("help", "--help", "-h", "--version", "-V");

	private Cli() {
	}

	/**
	 * Whether the program's first argument names a command of the command line (rather
	 * than starting the server).
	 */
	public static boolean handles(String[] args) {
		return args.length > 0 && (OPTIONS.contains(args[0])
				|| commandLine(System.out, System.err).getSubcommands().containsKey(args[0]));
	}

	private static CommandLine commandLine(PrintStream stdout, PrintStream stderr) {
		CommandLine commandLine = new CommandLine(new Top());
		commandLine.addSubcommand(new ClassifyCommand(stdout, stderr));
		commandLine.addSubcommand(new EvaluateCommand(stdout, stderr));
		commandLine.addSubcommand(new ExplainCommand(stdout, stderr));
		commandLine.addSubcommand(new TrainCommand(stdout, stderr));
		commandLine.addSubcommand(new CommandLine.HelpCommand());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		return commandLine;
	}

	/** Runs one command and returns its exit status. */
	public static int run(String... args) {
		PrintStream stdout = System.out;
		PrintStream stderr = System.err;
		// Whatever a library prints goes to stderr: stdout is for the command's
		// output only.
		System.setOut(stderr);
		try {
			CommandLine commandLine = commandLine(stdout, stderr);
			commandLine.setOut(new PrintWriter(stdout, true));
			commandLine.setErr(new PrintWriter(stderr, true));
			commandLine.setExecutionExceptionHandler((ex, command, parsed) -> {
				if (ex instanceof CliException failure) {
					command.getErr().println("error: " + failure.getMessage());
					return failure.exitCode();
				}
				command.getErr().println("error: " + ex);
				ex.printStackTrace(stderr);
				return EXIT_CANNOT_START;
			});
			return commandLine.execute(args);
		}
		finally {
			System.out.flush();
			System.setOut(stdout);
		}
	}

	@Command(name = "java -jar image-classifier.jar", mixinStandardHelpOptions = true,
			versionProvider = VersionProvider.class,
			description = { "Classifies images with the models the web service serves, without starting it.",
					"Without a command, the jar starts the web service." },
			footer = { "", "Exit status: 0 all good; 1 some files could not be classified, or evaluate is below "
					+ "--min-top1; 2 wrong arguments; 3 the model could not be loaded." })
	static final class Top {

	}

	static final class VersionProvider implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Cli.class.getPackage().getImplementationVersion();
			return new String[] { "image-classifier " + (version != null ? version : "development") };
		}

	}

}
