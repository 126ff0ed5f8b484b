"""Makes the PDFs of this folder (run once with fpdf2 installed; they are kept as made).

county-housing-2023.pdf and its revision: three pages of a made-up county report;
forty-pages.pdf: 40 pages of prose, for the time a long PDF takes; scan.pdf: a page
without text; locked.pdf: a PDF that needs a password.
"""

from fpdf import FPDF
OUT = str(__import__("pathlib").Path(__file__).parent) + "/"

def doc(title):
    pdf = FPDF(format="letter")
    pdf.set_title(title)
    pdf.set_author("Office of Budget Analysis")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 5, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(25, 25, 25)
    return pdf

def para(pdf, text, size=11):
    pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 0.5)

def heading(pdf, text):
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

P1 = ("The county's housing programs served 12,400 households in fiscal year 2023, up 8 percent "
      "from the year before. Rental assistance reached 7,900 of those households, and the waiting "
      "list fell to 1,150 families by June 2023.")
P2 = ("The county awarded $4.2 million in emergency repair grants in 2023 to 310 homeowners. "
      "About 1 in 5 grants went to homeowners older than 75.")
P3 = ("Spending on shelter operations rose to $9.8 million, and the shelters were full on "
      "212 nights of the year. The program hired 14 case managers in March 2023.")

def report(path, p2, p3_first=False, title="County Housing Report 2023"):
    pdf = doc(title)
    pdf.add_page()
    heading(pdf, "County Housing Report 2023")
    para(pdf, P1)
    para(pdf, "Most of the households served had incomes below half of the county's median income, "
              "and most of them rented their homes.")
    pdf.add_page()
    heading(pdf, "Repairs and shelters")
    if p3_first:
        para(pdf, P3)
        para(pdf, p2)
    else:
        para(pdf, p2)
        para(pdf, P3)
    pdf.add_page()
    heading(pdf, "Outlook")
    para(pdf, "The county expects demand for rental assistance to keep rising in 2024.")
    pdf.output(path)

report(OUT + "county-housing-2023.pdf", P2)
report(OUT + "county-housing-2023-revised.pdf",
       P2.replace("$4.2 million", "$4.6 million").replace("About 1 in 5", "About 1 in 5 of the"),
       p3_first=True)

# 40 pages of prose, for the time a long PDF takes
pdf = doc("Forty pages")
for n in range(40):
    pdf.add_page()
    heading(pdf, f"Section {n + 1}")
    for k in range(6):
        para(pdf, f"In {2000 + n}, the agency counted {1000 + 37 * n + k:,} visits and spent "
                  f"${n + k + 1}.{k} million on {k + 3} programs. " * 4)
pdf.output(OUT + "forty-pages.pdf")

# a page with no text: what a scan without OCR is
pdf = doc("Scan")
pdf.add_page()
pdf.rect(30, 30, 100, 60, style="F")
pdf.output(OUT + "scan.pdf")

# an encrypted PDF
pdf = doc("Locked")
pdf.set_encryption(owner_password="owner", user_password="secret")
pdf.add_page()
para(pdf, "A locked report of 12 pages.")
pdf.output(OUT + "locked.pdf")
