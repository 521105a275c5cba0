import Contract
import Testing

@Suite("Contract classes")
struct ContractClassTests {
    @Test("class names are the ones reports count by")
    func names() {
        #expect(ContractClass.compatible.name == "compatible")
        #expect(ContractClass.v1Defect("search 500").name == "v1Defect")
        #expect(ContractClass.v2Change("no invites").name == "v2Change")
    }
}
