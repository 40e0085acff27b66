package meanshift_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/meanshift"
)

// Splitting one of two true groups in half: the pairs inside the split group
// are lost, and the chance correction brings the index down to 4/7.
func ExampleARI() {
	truth := []int{0, 0, 1, 1}
	pred := []int{5, 5, 8, 9}
	ari, err := meanshift.ARI(truth, pred)
	if err != nil {
		panic(err)
	}
	fmt.Printf("ARI = %.4f (4/7 = %.4f)\n", ari, 4.0/7)
	// Output: ARI = 0.5714 (4/7 = 0.5714)
}
