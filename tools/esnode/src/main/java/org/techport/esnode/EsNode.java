package org.techport.esnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an Elasticsearch node on loopback for Techport's development and tests.
 *
 * Usage: {@code EsNode <home-dir> <http-port> [setting=value ...]}. Data and logs go under the home
 * directory. Without settings the node is a single-node cluster; the settings override the defaults,
 * and a {@code discovery.seed_hosts} setting makes it a member of a multi-node cluster instead
 * (as {@code scripts/esnode cluster} starts it). The node carries the HTTP transport and Techport's
 * analysis plugin, which registers the analysis components Techport's index uses under their
 * production names.
 */
public final class EsNode {

    private EsNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EsNode <home-dir> <http-port> [setting=value ...]");
            System.exit(64);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        Settings overrides = parseOverrides(Arrays.copyOfRange(args, 2, args.length));
        Files.createDirectories(home.resolve("config"));

        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "techport-dev")
            .put("node.name", "techport-esnode")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", httpPort + 100)
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put(overrides);
        if (overrides.hasValue("discovery.seed_hosts")) {
            builder.remove("discovery.type");
        }
        Settings settings = builder.build();
        String nodeName = settings.get("node.name");

        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> nodeName);
        Node node = new ClasspathPluginsNode(environment, List.of(Netty4Plugin.class, TechportAnalysisPlugin.class));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "esnode-shutdown"));

        node.start();
        System.out.println("esnode " + nodeName + " started on http://127.0.0.1:" + httpPort);
        stopped.await();
    }

    /** Settings given as {@code name=value} arguments; list settings take comma-separated values. */
    static Settings parseOverrides(String[] arguments) {
        Settings.Builder overrides = Settings.builder();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                System.err.println("esnode: expected setting=value, got " + argument);
                System.exit(64);
            }
            String name = argument.substring(0, equals);
            String value = argument.substring(equals + 1);
            if (name.equals("discovery.seed_hosts") || name.equals("cluster.initial_master_nodes")) {
                overrides.putList(name, value.split(","));
            } else {
                overrides.put(name, value);
            }
        }
        return overrides.build();
    }
}
