/*
 * Run at image build time (Dockerfile build stage) with the app's dependency jars on the class path:
 *   DJL_CACHE_DIR=/djl java -Dai.djl.offline=true -cp 'lib/*' container/UnpackNatives.java
 * Starting DJL's PyTorch engine once unpacks libtorch (~430 MB) into DJL_CACHE_DIR, so that the image
 * ships it ready to load: containers start fast and write nothing big into their writable layer.
 */
public class UnpackNatives {
	public static void main(String[] args) {
		ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
		System.out.println("Loaded " + engine.getEngineName() + " " + engine.getVersion()
				+ " (DJL cache " + ai.djl.util.Utils.getEngineCacheDir() + ")");
	}
}
