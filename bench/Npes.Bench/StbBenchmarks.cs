using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Npes.Eds.Stb;

namespace Npes.Bench;

/// <summary>
/// STB 34.101 against the yardstick: bign-curve256v1 sign/verify beside .NET's ECDSA P-256 (OpenSSL underneath
/// on Linux), and belt-hash of 1 MB. Run: <c>dotnet run -c Release --project bench/Npes.Bench -- --filter '*Stb*'</c>.
/// </summary>
[MemoryDiagnoser]
public class StbBenchmarks
{
    private readonly byte[] _data = new byte[1 << 20];
    private readonly byte[] _digest = new byte[BeltHash.HashSize];
    private readonly byte[] _bignSignature = new byte[Bign.SignatureSize];
    private byte[] _privateKey = [];
    private byte[] _publicKey = [];
    private byte[] _hash = [];
    private ECDsa _ecdsa = null!;
    private byte[] _ecdsaHash = [];
    private byte[] _ecdsaSignature = [];

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_data);
        _privateKey = Bign.GeneratePrivateKey();
        _publicKey = Bign.GetPublicKey(_privateKey);
        _hash = BeltHash.HashData("NPES benchmark message"u8);
        Bign.Sign(_hash, _privateKey, _bignSignature);
        _ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _ecdsaHash = SHA256.HashData("NPES benchmark message"u8);
        _ecdsaSignature = _ecdsa.SignHash(_ecdsaHash);
    }

    [GlobalCleanup]
    public void Cleanup() => _ecdsa.Dispose();

    [Benchmark]
    public void BignSign() => Bign.Sign(_hash, _privateKey, _bignSignature);

    [Benchmark]
    public bool BignVerify() => Bign.Verify(_hash, _bignSignature, _publicKey);

    [Benchmark]
    public byte[] EcdsaP256Sign() => _ecdsa.SignHash(_ecdsaHash);

    [Benchmark]
    public bool EcdsaP256Verify() => _ecdsa.VerifyHash(_ecdsaHash, _ecdsaSignature);

    [Benchmark]
    public void BeltHash1MB() => BeltHash.HashData(_data, _digest);
}
