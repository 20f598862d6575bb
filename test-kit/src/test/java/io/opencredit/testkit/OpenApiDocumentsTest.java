package io.opencredit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** The drift check of the committed OpenAPI documents: it passes on equal trees and names where they differ. */
class OpenApiDocumentsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    @Test
    void equal_documents_in_another_key_order_pass() throws Exception {
        assertThatCode(() -> OpenApiDocuments.compare("s", yaml("a: 1\nb: [x, y]\n"), yaml("b: [x, y]\na: 1\n")))
                .doesNotThrowAnyException();
    }

    @Test
    void a_changed_type_fails_naming_the_place() throws Exception {
        JsonNode committed = yaml("paths:\n  /api/v1/usage:\n    post:\n      responses:\n        '202': {type: string}\n");
        JsonNode live = yaml("paths:\n  /api/v1/usage:\n    post:\n      responses:\n        '202': {type: number}\n");
        assertThatThrownBy(() -> OpenApiDocuments.compare("billing-gateway", committed, live))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/paths/~1api~1v1~1usage/post/responses/202/type")
                .hasMessageContaining("-Dopenapi.write=true");
    }

    @Test
    void an_endpoint_only_in_the_code_fails() throws Exception {
        assertThatThrownBy(() -> OpenApiDocuments.compare("s", yaml("paths: {}\n"), yaml("paths:\n  /x: {}\n")))
                .hasMessageContaining("/paths/~1x: (absent)");
    }

    @Test
    void the_root_is_found_above_the_module() {
        assertThat(OpenApiDocuments.root().resolve("mvnw")).exists();
    }
}
