using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tactics.Api.Domain.Persons;

namespace Tactics.Api.Infrastructure.Persistence.Configurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(p => p.FirstName).HasColumnName("first_name").HasMaxLength(100);
        builder.Property(p => p.LastName).HasColumnName("last_name").HasMaxLength(100);
        builder.Property(p => p.BirthDate).HasColumnName("birth_date");
        builder.Property(p => p.NationalNumberKey).HasColumnName("national_number_key").HasMaxLength(32);
        builder.Property(p => p.NationalNumberCipher).HasColumnName("national_number_cipher").HasMaxLength(64);
        builder.Property(p => p.Phone).HasColumnName("phone").HasMaxLength(32);
        builder.Property(p => p.AddressRecordedBy).HasColumnName("address_recorded_by").HasMaxLength(64);
        builder.ComplexProperty(p => p.Address, address =>
        {
            address.Property(a => a.Street).HasColumnName("address_street").HasMaxLength(200);
            address.Property(a => a.Number).HasColumnName("address_number").HasMaxLength(16);
            address.Property(a => a.Box).HasColumnName("address_box").HasMaxLength(16);
            address.Property(a => a.Postcode).HasColumnName("address_postcode").HasMaxLength(4);
            address.Property(a => a.Commune).HasColumnName("address_commune").HasMaxLength(100);
            address.Property(a => a.Confidential).HasColumnName("address_confidential");
        });
        // Normalised keys can grow past the input (æ → ae): unbounded text, computed by the domain, never by clients.
        builder.Property(p => p.AddressKey).HasColumnName("address_key");
        builder.Property(p => p.AddressBoxKey).HasColumnName("address_box_key");
        builder.Property(p => p.NameBirthKey).HasColumnName("name_birth_key");
        // Household matching looks persons up by the linkage key of their national number, their address and their name and birth date.
        builder.HasIndex(p => p.NationalNumberKey);
        builder.HasIndex(p => p.AddressKey);
        builder.HasIndex(p => p.NameBirthKey);
    }
}
