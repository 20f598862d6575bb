package io.opencredit.runtime.api;

import io.opencredit.events.AsyncApiDocument;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The suite's event contract (SPEC F6), served by every service like its OpenAPI document: the AsyncAPI 3 document of
 * every topic and event ({@code docs/asyncapi.yaml}, packed into common-events) and the JSON Schemas it refers to by
 * their {@code $id}. Public: it describes the topics, not anyone's data.
 */
@Path("/")
@PermitAll
@Tag(name = "contract")
public class AsyncApiResource {

    @GET
    @Path("asyncapi.yaml")
    @Produces("application/yaml")
    @Operation(summary = "The AsyncAPI 3 document of every topic, key and event of the suite (docs/events.md)")
    @APIResponse(responseCode = "200", description = "the AsyncAPI 3 document",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    public byte[] document() {
        return AsyncApiDocument.yaml();
    }

    @GET
    @Path("asyncapi/schemas/{file}")
    @Produces("application/schema+json")
    @Operation(summary = "A JSON Schema the AsyncAPI document refers to, e.g. CreditAdded.v1.json")
    @APIResponse(responseCode = "200", description = "the JSON Schema",
            content = @Content(mediaType = "application/schema+json", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "no such published schema")
    public byte[] schema(@PathParam("file") String file) {
        byte[] schema = AsyncApiDocument.schema(file);
        if (schema == null) {
            throw ProblemException.notFound("no published schema " + file);
        }
        return schema;
    }
}
