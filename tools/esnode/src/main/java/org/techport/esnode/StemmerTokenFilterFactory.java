package org.techport.esnode;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Elasticsearch's {@code stemmer} token filter, for the English stemmers Techport's English analyzer uses.
 * The language is read from {@code language} (or its alias {@code name}), defaulting to {@code porter}.
 */
final class StemmerTokenFilterFactory extends AbstractTokenFilterFactory {

    private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = Map.of(
        "porter", PorterStemFilter::new,
        "english", PorterStemFilter::new,
        "light_english", KStemFilter::new,
        "minimal_english", EnglishMinimalStemFilter::new,
        "possessive_english", EnglishPossessiveFilter::new
    );

    private final UnaryOperator<TokenStream> stemmer;

    StemmerTokenFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
        super(name, settings);
        String language = settings.get("language", settings.get("name", "porter"));
        this.stemmer = STEMMERS.get(language);
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "stemmer language [" + language + "] is not available on the Techport development node; available: " + STEMMERS.keySet()
            );
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
