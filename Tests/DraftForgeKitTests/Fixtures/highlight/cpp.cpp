#include <iostream>
#include <vector>

namespace shelf {

template <typename T>
class Stack {
public:
    void push(const T& value) { items_.push_back(value); }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    T pop() {
        T top = std::move(items_.back());
        items_.pop_back();
        return top;
    }

private:
    std::vector<T> items_;
};

}  // namespace shelf

int main() {
    shelf::Stack<std::string> stack;
    auto raw = R"json({"a": "b\n"})json";
    stack.push(raw);
    stack.push(u8"naïve");
    constexpr auto big = 1'000'000ULL;
    for (auto i = 0; i < 3; ++i) {
        std::cout << "item " << i << '\n';
    }
    while (!stack.empty()) std::cout << stack.pop() << std::endl;
    return big > 0 ? 0 : 1;
}
