package com.example.classifier.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

import ai.djl.engine.Engine;

/** The versions people ask for when something differs: the app's, DJL's and each engine's. */
@Component
public class VersionInfo {

	private final String app;
	private final String djl;
	private final Map<String, String> engines;
	private final String java;

	public VersionInfo(ObjectProvider<BuildProperties> build, ModelRegistry models) {
		BuildProperties properties = build.getIfAvailable();
		this.app = properties != null ? properties.getVersion() : "development";
		this.djl = Engine.getDjlVersion();
		Map<String, String> loaded = new LinkedHashMap<>();
		models.all().forEach(model -> loaded.computeIfAbsent(model.engine(), name -> Engine.getEngine(name).getVersion()));
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
