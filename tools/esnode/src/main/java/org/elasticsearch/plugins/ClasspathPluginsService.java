package org.elasticsearch.plugins;

import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads plugins from classes already on the classpath instead of from plugin directories.
 *
 * Lives in Elasticsearch's package because {@link PluginsService.LoadedPlugin} is package-private;
 * the distribution's plugin directories do not exist for a node assembled from Maven artifacts.
 */
public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(
        Settings settings,
        Path configDir,
        PluginsLoader pluginsLoader,
        List<Class<? extends Plugin>> pluginClasses
    ) {
        super(settings, configDir, pluginsLoader);
        this.classpathPlugins = pluginClasses.stream()
            .map(pluginClass -> new LoadedPlugin(describe(pluginClass), loadPlugin(pluginClass, settings, configDir), pluginClass.getClassLoader()))
            .toList();
    }

    /**
     * A loader with no plugin bundles. {@link PluginsLoader#createPluginsLoader} cannot be used: it
     * expects the server to run as a named module, while here it runs from the classpath.
     */
    public static PluginsLoader emptyPluginsLoader() {
        return new PluginsLoader(Set.of(), Set.of(), Map.of());
    }

    private static PluginDescriptor describe(Class<? extends Plugin> pluginClass) {
        return new PluginDescriptor(
            pluginClass.getSimpleName(),
            "classpath plugin " + pluginClass.getName(),
            "NA",
            org.elasticsearch.Build.current().version(),
            Integer.toString(Runtime.version().feature()),
            pluginClass.getName(),
            null,
            List.of(),
            false,
            false,
            false,
            false
        );
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(
            classpathPlugins.stream().map(loaded -> new PluginRuntimeInfo(loaded.descriptor())).toList(),
            List.of()
        );
    }
}
