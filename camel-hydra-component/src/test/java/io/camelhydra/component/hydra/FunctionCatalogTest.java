package io.camelhydra.component.hydra;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionCatalogTest {

    private static FunctionCatalog parse(String yaml) throws Exception {
        return FunctionCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theShippedCatalogDeclaresTheFunctionsWithPinnedImages() throws Exception {
        try (InputStream in = Files.newInputStream(DockerRequired.projectDir().resolve("functions/catalog.yaml"))) {
            FunctionCatalog catalog = FunctionCatalog.parse(in, "functions/catalog.yaml");
            assertThat(catalog.names()).contains("toupper", "pdf", "txt");
            FunctionDefinition pdf = catalog.find("pdf").orElseThrow();
            assertThat(pdf.image()).isEqualTo("camel-hydra/fn-pdf:1");
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            assertThat(pdf.extension()).isEqualTo("pdf");
            assertThat(pdf.options()).containsKeys("timeout", "memoryLimit", "outputSignature");
            assertThat(pdf.acceptsFileName("Report.DOCX")).isTrue();
            assertThat(pdf.acceptsFileName("photo.jpg")).isFalse();
            assertThat(pdf.acceptsMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                    .isTrue();
            assertThat(pdf.acceptsMediaType("image/png")).isFalse();
            assertThat(catalog.find("toupper").orElseThrow().command()).containsExactly("tr", "a-z", "A-Z");
        }
    }

    @Test
    void mistakesNameTheFileTheFunctionAndTheKey() {
        assertThatThrownBy(() -> parse("functions:\n  - name: a\n    image: x:1\n    timout: 3s\n"))
                .hasMessageContaining("Function catalog test.yaml, function 'a': unknown key 'timout'");
        assertThatThrownBy(() -> parse("functions:\n  - name: a\n    image: x:latest\n"))
                .hasMessageContaining("must be pinned to a tag or digest other than latest");
        assertThatThrownBy(() -> parse("functions:\n  - name: a\n    image: x\n"))
                .hasMessageContaining("must be pinned");
        assertThatThrownBy(() -> parse("functions:\n  - name: Bad Name\n    image: x:1\n"))
                .hasMessageContaining("'name' must be lower-case letters, digits and dashes");
        assertThatThrownBy(() -> parse("functions:\n  - name: a\n    image: x:1\n  - name: a\n    image: y:1\n"))
                .hasMessageContaining("declares function 'a' twice");
        assertThatThrownBy(() -> parse("functions:\n  - name: a\n    image: x:1\n    command: tr a b\n"))
                .hasMessageContaining("'command' must be a list");
        assertThatThrownBy(() -> parse("funcs: []\n"))
                .hasMessageContaining("must have a top-level 'functions:' list");
        assertThatThrownBy(() -> parse("functions: [\n"))
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void extensionsArePlainLowerCaseOrNothing() {
        assertThat(FunctionDefinition.extensionOf("dir/Report.V2.DOCX")).isEqualTo("docx");
        assertThat(FunctionDefinition.extensionOf("Special_Chars_ß.docx")).isEqualTo("docx");
        assertThat(FunctionDefinition.extensionOf("noext")).isNull();
        assertThat(FunctionDefinition.extensionOf(".hidden")).isNull();
        assertThat(FunctionDefinition.extensionOf("x.$(rm -rf)")).isNull();
        assertThat(FunctionDefinition.extensionOf(null)).isNull();
    }
}
