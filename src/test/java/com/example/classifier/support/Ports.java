package com.example.classifier.support;

import java.io.IOException;
import java.net.ServerSocket;

/** A port no one listens on now, for a server a test starts. */
public final class Ports {

	private Ports() {
	}

	public static int free() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
