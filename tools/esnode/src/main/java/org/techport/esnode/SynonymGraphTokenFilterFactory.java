package org.techport.esnode;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Elasticsearch's {@code synonym_graph} token filter with inline Solr-format rules
 * ({@code synonyms}, {@code expand}, {@code format: solr}).
 *
 * As in Elasticsearch, the rules are analysed with the chain that precedes the filter, so
 * "Máy bay không người lái" in a rule matches the folded tokens the chain produces.
 */
final class SynonymGraphTokenFilterFactory extends AbstractTokenFilterFactory {

    private static final Set<String> UNSUPPORTED_SETTINGS = Set.of("synonyms_path", "synonyms_set", "updateable", "lenient");

    private final List<String> rules;
    private final boolean expand;

    SynonymGraphTokenFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(name, settings);
        for (String setting : UNSUPPORTED_SETTINGS) {
            if (settings.get(setting) != null) {
                throw new IllegalArgumentException(
                    "synonym_graph setting [" + setting + "] is not available on the Techport development node; use inline [synonyms]"
                );
            }
        }
        String format = settings.get("format", "solr");
        if (format.equals("solr") == false) {
            throw new IllegalArgumentException("synonym_graph format [" + format + "] is not available on the Techport development node");
        }
        this.rules = settings.getAsList("synonyms", List.of());
        this.expand = settings.getAsBoolean("expand", true);
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        SynonymMap synonyms = parseRules(synonymRuleAnalyzer(tokenizer, charFilters, previousTokenFilters));
        String filterName = name();
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return filterName;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return synonyms.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, synonyms, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException("Token filter [" + filterName + "] cannot be used to parse synonyms");
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return AnalysisMode.ALL;
            }
        };
    }

    private static Analyzer synonymRuleAnalyzer(
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters
    ) {
        return new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
    }

    private SynonymMap parseRules(Analyzer analyzer) {
        try {
            SolrSynonymParser parser = new SolrSynonymParser(true, expand, analyzer);
            parser.parse(new StringReader(String.join("\n", rules)));
            return parser.build();
        } catch (ParseException e) {
            throw new IllegalArgumentException("failed to build synonyms for [" + name() + "]: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
