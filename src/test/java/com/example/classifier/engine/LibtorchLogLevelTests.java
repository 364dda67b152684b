package com.example.classifier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The level reaches the libc10 DJL loaded, as the number c10 compares each message's
 * severity with (c10's GLOG_INFO 0 to GLOG_FATAL 3). That it silences the NNPACK warnings
 * is checked where they show, on the command line's stderr ({@code CommandLineIT}).
 */
class LibtorchLogLevelTests {

	@AfterEach
	void backToTheDefault() {
		LibtorchLogLevel.ERROR.apply();
	}

	@Test
	void eachLevelIsSetInTheLoadedLibtorch() {
		LibtorchLogLevel.WARNING.apply();
		assertThat(LibtorchLogLevel.current()).hasValue(1);
		LibtorchLogLevel.ERROR.apply();
		assertThat(LibtorchLogLevel.current()).hasValue(2);
		LibtorchLogLevel.INFO.apply();
		assertThat(LibtorchLogLevel.current()).hasValue(0);
		LibtorchLogLevel.FATAL.apply();
		assertThat(LibtorchLogLevel.current()).hasValue(3);
	}

	@Test
	void theAppsSetupAppliesTheConfiguredLevel() {
		EngineSetup.configure(new EngineProperties(1, false, Duration.ZERO, LibtorchLogLevel.WARNING));
		assertThat(LibtorchLogLevel.current()).hasValue(1);
	}

}
