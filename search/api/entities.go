package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"vigie/indexer/store"
	"vigie/search/admin"
)

// EntityTable is the discovered-entity table and its curation, as the
// ingest pipeline provides them: a curation re-enriches and re-indexes the
// articles it changes and says how many.
type EntityTable interface {
	Entities() ([]store.Entity, error)
	Entity(name string) (store.Entity, error)
	RenameEntity(ctx context.Context, oldName, newName string) (int, error)
	MergeEntity(ctx context.Context, from, into string) (int, error)
	RejectEntity(ctx context.Context, name string) (int, error)
	AcceptEntity(ctx context.Context, name string) (int, error)
}

// EntitiesResponse is the answer of GET /api/entities.
type EntitiesResponse struct {
	Entities []store.Entity `json:"entities"`
}

// CurationResponse is the answer of a curation: the entity the name now
// designates and how many articles changed.
type CurationResponse struct {
	Entity          store.Entity `json:"entity"`
	ArticlesChanged int          `json:"articles_changed"`
}

// maxEntityName bounds entity names in paths and bodies.
const maxEntityName = 200

func (s *server) entityRoutes(e *echo.Echo) {
	e.GET("/api/entities", s.entities)
	e.GET("/api/entities/:name", s.entity)
	e.POST("/api/entities/:name/rename", s.curateEntity("to", func(ctx context.Context, t EntityTable, name, to string) (int, string, error) {
		n, err := t.RenameEntity(ctx, name, to)
		return n, to, err
	}))
	e.POST("/api/entities/:name/merge", s.curateEntity("into", func(ctx context.Context, t EntityTable, name, into string) (int, string, error) {
		n, err := t.MergeEntity(ctx, name, into)
		return n, into, err
	}))
	e.POST("/api/entities/:name/reject", s.curateEntity("", func(ctx context.Context, t EntityTable, name, _ string) (int, string, error) {
		n, err := t.RejectEntity(ctx, name)
		return n, name, err
	}))
	e.POST("/api/entities/:name/accept", s.curateEntity("", func(ctx context.Context, t EntityTable, name, _ string) (int, string, error) {
		n, err := t.AcceptEntity(ctx, name)
		return n, name, err
	}))
}

// entities answers GET /api/entities.
func (s *server) entities(c echo.Context) error {
	list, err := s.cfg.Entities.Entities()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, EntitiesResponse{Entities: list})
}

// entity answers GET /api/entities/:name.
func (s *server) entity(c echo.Context) error {
	name, err := entityName(c)
	if err != nil {
		return err
	}
	en, err := s.cfg.Entities.Entity(name)
	if err != nil {
		return entityError(err, name)
	}
	return c.JSON(http.StatusOK, en)
}

// curateEntity answers one curation POST. field names the body's target
// ("to", "into"); "" means the action takes no body.
func (s *server) curateEntity(field string, do func(ctx context.Context, t EntityTable, name, target string) (int, string, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.requireAdmin(c); err != nil {
			return err
		}
		name, err := entityName(c)
		if err != nil {
			return err
		}
		var target string
		if field != "" {
			if target, err = bodyField(c, field); err != nil {
				return err
			}
		}
		n, now, err := do(c.Request().Context(), s.cfg.Entities, name, target)
		if err != nil {
			return entityError(err, name)
		}
		en, err := s.cfg.Entities.Entity(now)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return c.JSON(http.StatusOK, CurationResponse{Entity: en, ArticlesChanged: n})
	}
}

// entityName is the :name path parameter, unescaped ("Prima%20Materia").
func entityName(c echo.Context) (string, error) {
	name := c.Param("name")
	if c.Request().URL.RawPath != "" {
		// echo routed on the escaped path (it holds a %2F or the like).
		if u, err := url.PathUnescape(name); err == nil {
			name = u
		}
	}
	if strings.TrimSpace(name) == "" || len(name) > maxEntityName {
		return "", &APIError{Status: http.StatusBadRequest, Code: CodeBadParameter, Param: "name",
			Message: fmt.Sprintf("an entity name is 1 to %d bytes", maxEntityName)}
	}
	return name, nil
}

// bodyField reads the one string field a curation body holds.
func bodyField(c echo.Context, field string) (string, error) {
	bad := func(msg string) error {
		return &APIError{Status: http.StatusBadRequest, Code: CodeBadParameter, Param: field, Message: msg}
	}
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, bodyLimit+1))
	if err != nil {
		return "", bad("could not read the request body")
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(body, &in); err != nil {
		return "", bad(fmt.Sprintf(`the body must be a JSON object: {"%s": "name"}`, field))
	}
	var v string
	if raw, ok := in[field]; !ok || json.Unmarshal(raw, &v) != nil || strings.TrimSpace(v) == "" {
		return "", bad(fmt.Sprintf(`the body needs %q, the entity's new name: {"%s": "name"}`, field, field))
	}
	if len(v) > maxEntityName {
		return "", bad(fmt.Sprintf("%q is longer than %d bytes", field, maxEntityName))
	}
	for k := range in {
		if k != field {
			return "", bad(fmt.Sprintf("unknown field %q (the body holds only %q)", k, field))
		}
	}
	return strings.TrimSpace(v), nil
}

// entityError maps the table's sentinel errors to answers.
func entityError(err error, name string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &APIError{Status: http.StatusNotFound, Code: CodeNotFound, Param: "name", Message: messageAfter(err, name)}
	case errors.Is(err, store.ErrEntityConflict):
		return &APIError{Status: http.StatusConflict, Code: CodeConflict, Param: "name", Message: messageAfter(err, name)}
	}
	return err
}

// messageAfter is the sentence of a store error without the "op: store:
// not found:" prefixes, which mean nothing to an API client.
func messageAfter(err error, name string) string {
	msg := err.Error()
	for _, s := range []error{store.ErrNotFound, store.ErrEntityConflict} {
		if _, after, ok := strings.Cut(msg, s.Error()+": "); ok {
			return after
		}
	}
	return fmt.Sprintf("entity %q: %v", name, err)
}

// requireAdmin lets through requests with the admin bearer token, as GET
// /api/alerts does: curation rewrites what every reader sees.
func (s *server) requireAdmin(c echo.Context) error {
	return admin.Require(c, s.cfg.AdminToken, "curating entities")
}
