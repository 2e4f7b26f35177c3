/// The OpenAPI 3 description of `byline serve`, served at `/openapi.json`. CI checks the running
/// server against it with schemathesis: every documented route, every status it answers with.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Byline",
        "version": "1",
        "description": "News articles in, one structured article model out: entities, quotes and stances, sentiment, places, timeline. Errors are JSON objects {\"error\": CODE, \"detail\": TEXT}. A server on a non-loopback address needs `Authorization: Bearer KEY` on every route but /healthz and /readyz."
      },
      "paths": {
        "/healthz": {
          "get": {
            "summary": "The server process is up.",
            "operationId": "health",
            "responses": {
              "200": {"description": "Up.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
            }
          }
        },
        "/readyz": {
          "get": {
            "summary": "Every configured analyzer has a live instance.",
            "operationId": "ready",
            "responses": {
              "200": {"description": "Ready; live instances per service.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ready"}}}},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/metrics": {
          "get": {
            "summary": "Prometheus metrics (text exposition format 0.0.4).",
            "operationId": "metrics",
            "responses": {
              "200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document.",
            "operationId": "openapi",
            "responses": {
              "200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/plugins": {
          "get": {
            "summary": "The registered analyzers, as `byline plugins --json` prints them.",
            "operationId": "plugins",
            "responses": {
              "200": {"description": "Coordinator status.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/analyze": {
          "post": {
            "summary": "Analyse one article, or a stream of them (NDJSON in, NDJSON out in input order).",
            "operationId": "analyze",
            "parameters": [
              {"name": "published", "in": "query", "required": false, "description": "Publication date (ISO 8601: YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]) for an article that gives none; relative dates resolve against it. Wins over a page's own date. Anything else is 400.", "schema": {"type": "string", "format": "date"}},
              {"name": "sections", "in": "query", "required": false, "description": "Comma-separated sections wanted (entities, stance, timeline, places, …); the analyzers they depend on run too.", "schema": {"type": "string"}},
              {"name": "id", "in": "query", "required": false, "description": "Article id for a text or HTML body (default: http- and a hash of the body).", "schema": {"type": "string", "minLength": 1, "maxLength": 512}}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": "\\S", "description": "The article text, UTF-8."}},
                "application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}},
                "text/html": {"schema": {"type": "string", "minLength": 1, "description": "A web page in any charset (from the Content-Type, a BOM or a meta tag); a page without article text is 400."}},
                "application/x-ndjson": {"schema": {"type": "string", "description": "One ArticleInput per line."}}
              }
            },
            "responses": {
              "200": {
                "description": "The merged article model; for an NDJSON body, one line per input line: an analysis or a LineError.",
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/Analysis"}},
                  "application/x-ndjson": {"schema": {"type": "string"}}
                }
              },
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/articles": {
          "get": {
            "summary": "Stored results matching every filter given (needs --db), as `byline query` prints them.",
            "operationId": "articles",
            "parameters": [
              {"name": "entity", "in": "query", "required": false, "description": "Articles naming this entity (canonical name, any case).", "schema": {"type": "string"}},
              {"name": "speaker", "in": "query", "required": false, "description": "Articles quoting this speaker.", "schema": {"type": "string"}},
              {"name": "from", "in": "query", "required": false, "description": "Published on or after (YYYY-MM-DD).", "schema": {"type": "string", "format": "date"}},
              {"name": "to", "in": "query", "required": false, "description": "Published on or before (YYYY-MM-DD).", "schema": {"type": "string", "format": "date"}},
              {"name": "limit", "in": "query", "required": false, "description": "At most this many (1 to 1000, default 100).", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}
            ],
            "responses": {
              "200": {"description": "Matching records in the order they were stored.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecordList"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/articles/{id}": {
          "get": {
            "summary": "The stored result of one article (needs --db).",
            "operationId": "article",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The record.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/": {
          "get": {
            "summary": "The corpus dashboard of the results store (needs --db), rebuilt as articles arrive.",
            "operationId": "dashboard",
            "responses": {
              "200": {"description": "The dashboard page.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/articles/{file}": {
          "get": {
            "summary": "A report page of one stored article.",
            "operationId": "articlePage",
            "parameters": [{"name": "file", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}},
              "401": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"},
              "429": {"$ref": "#/components/responses/Error"}
            }
          }
        }
      },
      "components": {
        "responses": {
          "Error": {"description": "What went wrong.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error", "detail"],
            "properties": {"error": {"type": "string"}, "detail": {"type": "string"}}
          },
          "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok"]}}},
          "Ready": {
            "type": "object",
            "required": ["status", "services"],
            "properties": {"status": {"type": "string", "enum": ["ready"]}, "services": {"type": "object", "additionalProperties": {"type": "integer"}}}
          },
          "Status": {
            "type": "object",
            "required": ["services", "articlesInFlight", "articlesCompleted"],
            "properties": {
              "services": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["name", "produces", "instances"],
                  "properties": {
                    "name": {"type": "string"},
                    "summary": {"type": "string"},
                    "produces": {"type": "array", "items": {"type": "string"}},
                    "consumes": {"type": "array", "items": {"type": "string"}},
                    "instances": {"type": "array", "items": {"type": "object"}}
                  }
                }
              },
              "articlesInFlight": {"type": "integer"},
              "articlesCompleted": {"type": "integer"}
            }
          },
          "ArticleInput": {
            "type": "object",
            "description": "An article: its text, or an HTML page to extract it from.",
            "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
            "properties": {
              "id": {"type": "string"},
              "text": {"type": "string"},
              "html": {"type": "string"},
              "title": {"type": "string"},
              "url": {"type": "string"},
              "source": {"type": "string"},
              "publishedAt": {"type": "string"},
              "language": {"type": "string"}
            }
          },
          "Analysis": {
            "type": "object",
            "description": "The merged article model (docs/ARTICLE-MODEL.md).",
            "required": ["schema", "article", "provenance"],
            "properties": {
              "schema": {"type": "string"},
              "article": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
              "provenance": {"type": "array", "items": {"type": "object"}}
            }
          },
          "Record": {
            "type": "object",
            "description": "A stored result, as `byline query` prints it.",
            "required": ["source", "status"],
            "properties": {
              "id": {"type": "string", "nullable": true},
              "source": {"type": "string"},
              "status": {"type": "string", "enum": ["complete", "partial", "error"]},
              "error": {"type": "string"},
              "analysis": {"$ref": "#/components/schemas/Analysis"}
            }
          },
          "RecordList": {
            "type": "object",
            "required": ["count", "articles"],
            "properties": {"count": {"type": "integer"}, "articles": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}
          }
        }
      }
    }
    """#
}
