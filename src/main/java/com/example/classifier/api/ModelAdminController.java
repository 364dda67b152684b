package com.example.classifier.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.classifier.api.AdminAccessException.Kind;
import com.example.classifier.model.ModelDescription;
import com.example.classifier.model.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Model management at run time, as model servers offer it: load (or reload) a model
 * folder into the running server, or unload a model. Only with the admin token.
 */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/models")
@Tag(name = "Models", description = "What this server serves")
class ModelAdminController {

	private final ModelRegistry models;

	private final AdminProperties admin;

	ModelAdminController(ModelRegistry models, AdminProperties admin) {
		this.models = models;
		this.admin = admin;
	}

	@PostMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Load or reload a model",
			description = "Loads the folder <models dir>/{name} into the running server, in place of the model of "
					+ "that name if one is served: requests already using the old one finish on it. If the folder "
					+ "fails to load, the server keeps serving what it served. Needs Authorization: Bearer "
					+ "<CLASSIFIER_ADMIN_TOKEN>; without a configured token the route is off (404).")
	@ApiResponse(responseCode = "201", description = "Loaded")
	@ApiResponse(responseCode = "200", description = "Reloaded, in place of the model served under that name")
	@ApiResponse(responseCode = "401", description = "No bearer token")
	@ApiResponse(responseCode = "403", description = "Wrong token")
	@ApiResponse(responseCode = "404", description = "No such model folder, or model management is off")
	@ApiResponse(responseCode = "422", description = "The folder's model failed to load: nothing changed")
	ResponseEntity<ModelApiController.ModelEntry> load(@PathVariable String name,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION,
					required = false) String authorization) {
		authorize(authorization);
		boolean served = models.serves(name);
		ModelDescription loaded = models.load(name);
		return ResponseEntity.status(served ? HttpStatus.OK : HttpStatus.CREATED)
			.body(ModelApiController.entry(loaded, models.defaultModel()));
	}

	@DeleteMapping("/{name}")
	@Operation(summary = "Unload a model",
			description = "Stops serving the model: requests already using it finish on it, new ones get 404. The "
					+ "default model is never unloaded (409). Needs Authorization: Bearer <CLASSIFIER_ADMIN_TOKEN>.")
	@ApiResponse(responseCode = "204", description = "Unloaded")
	@ApiResponse(responseCode = "401", description = "No bearer token")
	@ApiResponse(responseCode = "403", description = "Wrong token")
	@ApiResponse(responseCode = "404", description = "No such model served, or model management is off")
	@ApiResponse(responseCode = "409", description = "The default model")
	ResponseEntity<Void> unload(@PathVariable String name,
			@Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION,
					required = false) String authorization) {
		authorize(authorization);
		models.unload(name);
		return ResponseEntity.noContent().build();
	}

	private void authorize(String authorization) {
		if (!admin.enabled()) {
			throw new AdminAccessException(Kind.OFF,
					"model management is off: start the server with CLASSIFIER_ADMIN_TOKEN set to turn it on");
		}
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new AdminAccessException(Kind.MISSING,
					"model management needs the header Authorization: Bearer <CLASSIFIER_ADMIN_TOKEN>");
		}
		byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
		// constant time: how much of a guess is right does not show in the timing
		if (!MessageDigest.isEqual(given, admin.expected().getBytes(StandardCharsets.UTF_8))) {
			throw new AdminAccessException(Kind.WRONG, "the bearer token is not the admin token");
		}
	}

}
