package central

import "net/http"

// publicRoutes serve the pages phones open; see item 5 of issue 4.
func (s *Server) publicRoutes(mux *http.ServeMux) {}
