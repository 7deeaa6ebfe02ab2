fn main() {
    let name = "world";
    println!("Hello, {name}!");
}
