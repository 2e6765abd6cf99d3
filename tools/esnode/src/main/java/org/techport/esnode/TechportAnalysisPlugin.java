package org.techport.esnode;

import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.List;
import java.util.Map;

/**
 * The analysis components of Elasticsearch's analysis-common module that Techport's index uses.
 *
 * That module is not published to Maven Central, so this plugin rebuilds the components Techport
 * needs from the same Lucene classes, under the same names and with the same parameters, so the
 * index settings are identical on this node and on a production cluster.
 */
public class TechportAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", AsciiFoldingTokenFilterFactory::new,
            "stemmer", StemmerTokenFilterFactory::new,
            "synonym_graph", AnalysisPlugin.requiresAnalysisSettings(SynonymGraphTokenFilterFactory::new)
        );
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new));
    }
}
