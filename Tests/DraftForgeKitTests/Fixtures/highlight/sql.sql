-- Books and their chapters.
CREATE TABLE IF NOT EXISTS books (
    id          SERIAL PRIMARY KEY,
    title       VARCHAR(200) NOT NULL,
    "Subtitle"  text,
    published   DATE DEFAULT CURRENT_DATE,
    price       NUMERIC(6, 2) CHECK (price >= 0)
);

/* Chapters belong to a book. */
create table chapters (
    book_id integer references books (id) on delete cascade,
    position int not null,
    words bigint default 0
);

INSERT INTO books (title, price) VALUES ('It''s a Café', 12.50), ('Dune', 9);

select b.title, count(c.position) as chapters, sum(c.words) / 1e3 as kwords
from books b
left join chapters c on c.book_id = b.id
where b.price between 5 and 20
  and b.title like 'D%'
group by b.title
having count(*) > 1
order by kwords desc
limit 10;

UPDATE books SET price = price * 1.1 WHERE id = @book_id OR id = $1;
