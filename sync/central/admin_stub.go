package central

import "net/http"

func (s *Server) adminRoutes(mux *http.ServeMux)  {}
func (s *Server) publicRoutes(mux *http.ServeMux) {}
