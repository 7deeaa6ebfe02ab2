using System;
using System.Collections.Generic;

#region Models
namespace Library.Models
{
    /// <summary>A book on a shelf.</summary>
    public record Book(string Title, int Pages);

    [Serializable]
    public sealed class Shelf
    {
        private readonly List<Book> _books = new();
        public int Count => _books.Count;

        public void Add(Book book)
        {
            if (book is null) throw new ArgumentNullException(nameof(book));
            _books.Add(book);
        }

        public string Describe()
        {
            var path = @"C:\shelves\""main""";
            var name = "Shelf \"A\"";
            var total = 12.5m + 0x2A + 1_000L;
            return $"{name} holds {Count} books ({total:F1}) at {path} {{braces}}";
        }

        public async Task<int> CountAsync() => await Task.FromResult(_books.Count);
    }
}
#endregion
