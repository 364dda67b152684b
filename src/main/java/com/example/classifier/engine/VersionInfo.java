package com.example.classifier.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

import ai.djl.engine.Engine;

/**
 * The versions people ask for when something differs: the app's, DJL's and each engine's.
 */
@Component
public class VersionInfo {

	private final String app;

	private final String djl;

	private final Map<String, String> engines;

	private final String java;

	public VersionInfo(ObjectProvider<BuildProperties> build, EngineActivity activity) {
		BuildProperties properties = build.getIfAvailable();
		this.app = properties != null ? properties.getVersion() : "development";
		this.djl = Engine.getDjlVersion();
		Map<String, String> loaded = new LinkedHashMap<>();
		activity.engines().forEach(name -> loaded.put(name, Engine.getEngine(name).getVersion()));
		this.engines = Map.copyOf(loaded);
		this.java = System.getProperty("java.version");
	}

	public String getApp() {
		return app;
	}

	public String getDjl() {
		return djl;
	}

	public Map<String, String> getEngines() {
		return engines;
	}

	public String getJava() {
		return java;
	}

}
