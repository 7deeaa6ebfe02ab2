// Package shelf keeps books.
package shelf

import (
	"errors"
	"fmt"
	"strings"
)

// ErrEmpty is returned for a book without a title.
var ErrEmpty = errors.New("empty title")

type Book struct {
	Title string `json:"title"`
	Pages int    `json:"pages,omitempty"`
}

type Shelf struct{ books []Book }

func (s *Shelf) Add(b Book) error {
	if strings.TrimSpace(b.Title) == "" {
		return ErrEmpty
	}
	s.books = append(s.books, b)
	return nil
}

func main() {
	s := &Shelf{}
	_ = s.Add(Book{Title: "Café", Pages: 0x1F})
	raw := `C:\no\escapes "here"`
	r := 'é'
	ch := make(chan int, 1_000)
	go func() { ch <- len(s.books) }()
	fmt.Printf("%q %c %d %v\n", raw, r, <-ch, 1.5e3)
}
