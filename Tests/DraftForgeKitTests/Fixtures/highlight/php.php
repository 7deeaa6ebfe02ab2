<?php
declare(strict_types=1);

namespace App\Shelf;

use InvalidArgumentException;

#[Attribute]
final class Shelf
{
    /** @var array<int, string> */
    private array $titles = [];

    public function __construct(private readonly string $name = 'main') {}

    public function add(string $title): static
    {
        if (trim($title) === '') {
            throw new InvalidArgumentException("Empty title for $this->name");
        }
        $this->titles[] = $title;  // keep order
        return $this;
    }

    public function describe(): string
    {
        $count = count($this->titles);
        # A hash comment.
        return "Shelf {$this->name} has $count books: " . implode(', ', $this->titles) . ' \'ok\'';
    }
}

$shelf = (new Shelf('Café'))->add('Dune')->add("Emma");
echo $shelf->describe(), PHP_EOL, 0x1F + 1_000 + 2.5e3;
?>
<p>Rendered by PHP</p>
