# frozen_string_literal: true

require 'json'

=begin
A block comment in Ruby.
=end
module Library
  class Shelf
    attr_reader :books
    @@count = 0

    def initialize(name = "main")
      @name = name
      @books = []
      @@count += 1
    end

    def add(title, pages: 0)
      raise ArgumentError, "empty title" if title.empty?
      @books << { title: title, pages: pages }
      self
    end

    def to_s
      "Shelf #{@name} (#{@books.size} books, #{total_pages} pages) \"ok\""
    end

    def total_pages = @books.sum { |b| b[:pages] }
  end
end

shelf = Library::Shelf.new('Café')
shelf.add("Dune", pages: 0x1F).add('Emma', pages: 1_000)
puts shelf, $stdout.sync, :done, 3.14e2
