package org.example.shelf

import kotlinx.coroutines.flow.Flow

/* Kotlin nests /* block comments */ too. */
@JvmInline
value class Isbn(val value: String)

data class Book(val title: String, val pages: Int = 0)

sealed interface Event {
    data object Cleared : Event
    data class Added(val book: Book) : Event
}

class Shelf {
    private val books = mutableListOf<Book>()

    fun add(book: Book): Event {
        require(book.title.isNotBlank()) { "empty title" }
        books += book
        return Event.Added(book)
    }

    val summary: String
        get() = "Shelf of ${books.size} books: $books, total ${books.sumOf { it.pages }} pages"
}

fun main() {
    val shelf = Shelf()
    shelf.add(Book("Café \"Noir\"", pages = 0x1F))
    val raw = """Raw $shelf with "quotes" and \n no escapes"""
    val c = 'k'
    when (val n = 1_000L) {
        in 0..10 -> println("small")
        else -> println("$n is big, $c, $raw")
    }
}
